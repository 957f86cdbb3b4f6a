//! Built-in 2-D objectives (filled in by the landscape work).
