//! The programme: calculator, Best Practice Framework, Map of Best Practice, Getting to Gold (issue 6).

use crate::web::Routes;

pub fn routes(r: Routes) -> Routes {
    r
}
