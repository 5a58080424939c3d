//! The documents the commands answer with: what was read, the settings,
//! and every figure, each field documented. Renderers (`output`) only
//! format them; `json` serialises them as they are (docs/json.md).

pub mod core;
pub mod figures;
pub mod formulas;
pub mod goals;
pub mod growth;
pub mod inspect;
pub mod mentions;
pub mod report;
pub mod suggest;
