//! KPI dashboards, comparisons and charts (issue 5).

use crate::web::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
