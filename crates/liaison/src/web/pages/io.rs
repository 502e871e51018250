//! Data exchange pages and API: imports with preview, exports, background jobs (issue 4).

use crate::web::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
