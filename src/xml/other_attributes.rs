//! The attributes an `xs:anyAttribute` wildcard admitted: [`OtherAttributes`], a list of
//! [`OtherAttribute`] in document order.

/// One attribute kept by an `xs:anyAttribute` wildcard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OtherAttribute {
    /// Namespace URI, `None` for an unqualified attribute.
    pub ns: Option<String>,
    /// Local name.
    pub local: String,
    /// The (unescaped, normalized) value.
    pub value: String,
}

/// The attributes an `xs:anyAttribute` wildcard admitted, in document order: decoded with
/// [`Start::other_attributes`](crate::xml::Start::other_attributes), written back with
/// [`Attributes::others`](crate::xml::Attributes::others).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OtherAttributes(pub Vec<OtherAttribute>);

impl OtherAttributes {
    /// The value of attribute `{ns}local`, if kept.
    pub fn get(&self, ns: Option<&str>, local: &str) -> Option<&str> {
        self.0.iter().find(|a| a.ns.as_deref() == ns && a.local == local).map(|a| a.value.as_str())
    }

    /// Sets attribute `{ns}local` (replacing a kept one of the same name).
    pub fn set(&mut self, ns: Option<&str>, local: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|a| a.ns.as_deref() == ns && a.local == local) {
            Some(a) => a.value = value,
            None => self.0.push(OtherAttribute { ns: ns.map(str::to_owned), local: local.to_owned(), value }),
        }
    }

    /// Whether no attribute is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The attributes, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, OtherAttribute> {
        self.0.iter()
    }
}
