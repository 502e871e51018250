//! The public FLS Benefit Calculator (issue 6).

use crate::web::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
