use lesson01::double;
#[test]
fn doubles() { insta::assert_snapshot!(double(21).to_string()); }
