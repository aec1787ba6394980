pub fn to_xlsx(_d: &jixiao_model::Document) -> Result<Vec<u8>, crate::PublishError> {
    Ok(Vec::new())
}
