/// sqlx allocates per bound parameter and frees on its SQLite worker thread; glibc's malloc
/// spent a fifth of a large import's time on that (docs/io.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    liaison::cli::main()
}
