"""Pure normalizers that turn raw bylines, datelines, dates and body text into values."""
