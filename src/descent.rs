//! A gradient descent in progress on a landscape (filled in by the landscape work).
