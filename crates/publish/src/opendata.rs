//! Open data: one record per indicator, with project and unit columns (CSV and JSON).
