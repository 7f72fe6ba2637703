//! Document/literal "wrapped" operations called with their one child: the request's wrapper
//! element written around a borrowed value, so that a generated method can take the child
//! (`&GetAuthorizationTokenByEntityRequest`) without building, and cloning it into, the wrapper
//! struct (`GetAuthorizationTokenByEntity { request: Some(..) }`).

use crate::EncodeError;
use crate::xml::{Encode, Name, Writer};

/// Encodes as a wrapper element whose one child element `child` holds `value`.
#[derive(Debug)]
pub struct Wrapper<'a, T> {
    child: Name<'static>,
    value: &'a T,
}

impl<'a, T: Encode> Wrapper<'a, T> {
    /// The wrapper of `value`, written as the child element `child`.
    pub fn new(child: Name<'static>, value: &'a T) -> Self {
        Wrapper { child, value }
    }
}

impl<T: Encode> Encode for Wrapper<'_, T> {
    fn content(&self, w: &mut Writer) -> Result<(), EncodeError> {
        w.element(self.child, self.value)
    }
}
