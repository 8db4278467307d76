//! Parsing one statement at a time with sqlparser and keeping the tables.
//! (Implementation in progress.)

use crate::diag::Diagnostics;
use crate::dialect::Dialect;
use crate::source::SourceFile;

use super::Schema;

pub fn extract_file(
    _dialect: Dialect,
    _file: &SourceFile,
    _schema: &mut Schema,
    _diags: &mut Diagnostics,
) {
}
