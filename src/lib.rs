//! wsbind runtime.
