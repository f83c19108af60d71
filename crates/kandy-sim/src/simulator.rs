//! The in-process simulator (to be written).
