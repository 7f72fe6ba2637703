//! Table-driven reading of a generated record's child elements: the decoder
//! `#[derive(wsbind::Xml)]` writes lists the record's element fields once, as a constant table of
//! [`Element`]s, and hands [`Reader::record`] that table with one [`FieldSlot`] per entry (the
//! field's local `Option<T>` or `Vec<T>`). The matching rules live here, once, instead of in a
//! `match` expanded into every type: an expansion that rustc type-checks and borrow-checks per
//! type was most of the cost of compiling a large generated module.
//!
//! Matching a child, in this order:
//! 1. the entries in field order: [`Match::Accepts`] (a name no other field declares: exact
//!    namespace, or any under namespace-tolerant decoding), [`Match::Exact`] and [`Match::Once`]
//!    (a name several fields declare: exact namespace; `Once` takes one element, nil or not, and
//!    leaves the next to a later field of the same name), [`Match::Choice`] (the alternatives of
//!    a choice field, by [`Choice::accepts`]);
//! 2. under [`Reader::set_namespace_tolerant`], the `Exact` and `Once` entries by local name;
//! 3. the [`Match::Any`] entry (the record's first wildcard keeps the element as raw XML);
//! 4. the unknown case of the first choice field that keeps one and can hold another value
//!    ([`Choice::unknown`]: a newer server's alternative, kept as raw XML); else the child is
//!    skipped.

use super::choice::Choice;
use super::error::DecodeError;
use super::name::Name;
use super::reader::{FieldSlot, Reader, Start, same};

/// One element field of a record, as its decoder's table lists it.
#[derive(Clone, Copy, Debug)]
pub struct Element {
    /// The element's name (for a choice field, its alternatives' label, unqualified).
    pub name: Name<'static>,
    /// How the element is read into the field.
    pub read: ReadAs,
    /// Which children the field takes.
    pub rule: Match,
}

impl Element {
    /// The common entry: a value element in namespace `ns` whose name no other field declares.
    pub const fn qualified(ns: &'static str, local: &'static str) -> Self {
        Element { name: Name::qualified(ns, local), read: ReadAs::Value, rule: Match::Accepts }
    }

    /// [`Element::qualified`] in no namespace.
    pub const fn unqualified(local: &'static str) -> Self {
        Element { name: Name::unqualified(local), read: ReadAs::Value, rule: Match::Accepts }
    }

    /// Any other entry.
    pub const fn new(name: Name<'static>, read: ReadAs, rule: Match) -> Self {
        Element { name, read, rule }
    }
}

/// How a matched element is read into its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// The element's value ([`Reader::read`]).
    Value,
    /// The value of a secret field: a decode error leaves the value out ([`Reader::read_secret`]).
    Secret,
    /// The `item` children of an `ArrayOfX` wrapper element ([`Reader::read_array`]).
    Array(Name<'static>),
    /// [`ReadAs::Array`] for a secret field.
    SecretArray(Name<'static>),
}

/// Which child elements a field takes (see the module documentation for the order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Its name in its namespace, or in any namespace under namespace-tolerant decoding.
    Accepts,
    /// Its name in its namespace; under namespace-tolerant decoding, its local name after every
    /// exact match.
    Exact,
    /// As [`Match::Exact`], one element only: a later field declares the same name.
    Once,
    /// One of the alternatives of a choice field (its slot is an [`Alternatives`]).
    Choice,
    /// Every child no other entry takes, as raw XML (`xs:any`).
    Any,
}

/// The slot of a choice field (`Option<C>` or `Vec<C>` of a [`Choice`] `C`) in a record's
/// [`Reader::record`] call.
#[derive(Debug)]
pub struct Alternatives<'s, S>(pub &'s mut S);

impl<C: Choice> FieldSlot for Alternatives<'_, Option<C>> {
    /// Whether the choice holds an alternative (its own reading checks for a second one; a
    /// [`Reader::group`] ends at a full slot).
    fn is_full(&self) -> bool {
        self.0.is_some()
    }

    fn decode_into(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        C::read_one(r, start, self.0)
    }

    fn read_value(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        self.decode_into(r, start)
    }

    fn accepts(&self, ns: Option<&str>, local: &str) -> bool {
        C::accepts(ns, local)
    }

    fn take_unknown(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<bool, DecodeError> {
        C::read_unknown_one(r, start, self.0)
    }
}

impl<C: Choice> FieldSlot for Alternatives<'_, Vec<C>> {
    fn is_full(&self) -> bool {
        false
    }

    fn decode_into(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        C::read_many(r, start, self.0)
    }

    fn read_value(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<(), DecodeError> {
        self.decode_into(r, start)
    }

    fn accepts(&self, ns: Option<&str>, local: &str) -> bool {
        C::accepts(ns, local)
    }

    fn take_unknown(&mut self, r: &mut Reader<'_>, start: &Start) -> Result<bool, DecodeError> {
        C::read_unknown_many(r, start, self.0)
    }
}

impl Reader<'_> {
    /// Reads the child elements of the current record until its end tag, each into the slot of
    /// the entry of `elements` that takes it (`slots[i]` for `elements[i]`; see the module
    /// documentation), skipping the others.
    pub fn record(&mut self, elements: &[Element], slots: &mut [&mut dyn FieldSlot]) -> Result<(), DecodeError> {
        // The `Once` entries that took their element (rare: no allocation until one does).
        let mut taken: Vec<usize> = Vec::new();
        // Children mostly come in field order: the entry after the last one matched is tried
        // first. Without choices, an `Accepts` entry's name is no other entry's, so a match
        // there is the match the ordered scan would find.
        let in_order = !elements.iter().any(|e| e.rule == Match::Choice);
        let mut next = 0;
        while let Some(child) = self.next_child()? {
            let hint = elements.get(next).filter(|e| in_order && e.rule == Match::Accepts);
            let found = match hint {
                Some(e) if same(e.name.local, child.local()) && self.accepts_declared(child.name().0, e.name.ns) => {
                    Some(next)
                }
                _ => self.entry_for(elements, slots, &child, &taken),
            };
            match found {
                Some(at) => {
                    self.read_entry(elements, slots, at, &child, &mut taken)?;
                    next = at + 1;
                }
                None => self.unmatched(elements, slots, &child)?,
            }
        }
        Ok(())
    }

    /// A child no entry takes: the unknown case of the first choice field that keeps one and can
    /// hold it (a newer server's alternative), else skipped.
    fn unmatched(
        &mut self,
        elements: &[Element],
        slots: &mut [&mut dyn FieldSlot],
        child: &Start,
    ) -> Result<(), DecodeError> {
        for (entry, slot) in elements.iter().zip(slots.iter_mut()) {
            if entry.rule == Match::Choice && slot.take_unknown(self, child)? {
                return Ok(());
            }
        }
        self.skip(child)
    }

    /// Reads the elements of a group, content without an element of its own (a sequence that is
    /// an alternative of a choice): `first`, which starts it, then the following siblings while
    /// they belong to it, each into the slot of the entry of `elements` that takes it (the rules
    /// of [`Reader::record`]). The group ends, and the sibling is [put back](Reader::put_back) for
    /// the parent, at the parent's end tag, at an element no entry takes, and at one that starts
    /// the group again: an entry before the last one matched (the sequence's order) or the same
    /// entry when its slot is full. An element of the group that is out of place is therefore the
    /// parent's to judge (a `Duplicate` alternative of a single choice, or skipped).
    pub fn group(
        &mut self,
        first: &Start,
        elements: &[Element],
        slots: &mut [&mut dyn FieldSlot],
    ) -> Result<(), DecodeError> {
        let mut taken: Vec<usize> = Vec::new();
        let Some(mut last) = self.entry_for(elements, slots, first, &taken) else {
            // Never: the choice hands over an element it found by `Group::starts`.
            return self.skip(first);
        };
        self.read_entry(elements, slots, last, first, &mut taken)?;
        loop {
            let Some(child) = self.next_child()? else {
                self.put_back(None);
                return Ok(());
            };
            let at = self.entry_for(elements, slots, &child, &taken);
            let again = |at: usize| at < last || (at == last && slots.get(at).is_some_and(|s| s.is_full()));
            match at {
                Some(at) if !again(at) => {
                    self.read_entry(elements, slots, at, &child, &mut taken)?;
                    last = at;
                }
                _ => {
                    self.put_back(Some(child));
                    return Ok(());
                }
            }
        }
    }

    /// Reads `child` into the slot of entry `at`.
    fn read_entry(
        &mut self,
        elements: &[Element],
        slots: &mut [&mut dyn FieldSlot],
        at: usize,
        child: &Start,
        taken: &mut Vec<usize>,
    ) -> Result<(), DecodeError> {
        let (Some(entry), Some(slot)) = (elements.get(at), slots.get_mut(at)) else {
            // A table longer than its slots: the derive never writes one.
            return self.skip(child);
        };
        if entry.rule == Match::Once {
            taken.push(at);
        }
        match (entry.rule, entry.read) {
            (Match::Any, _) => self.read_whole(child, *slot),
            (_, ReadAs::Value) => slot.read_value(self, child),
            (_, ReadAs::Secret) => self.read_secret(child, *slot),
            (_, ReadAs::Array(item)) => self.read_array(child, item, *slot),
            (_, ReadAs::SecretArray(item)) => self.read_array(child, item, *slot).map_err(DecodeError::redacted),
        }
    }

    /// The index of the entry that takes `child`, if any.
    fn entry_for(
        &self,
        elements: &[Element],
        slots: &[&mut dyn FieldSlot],
        child: &Start,
        taken: &[usize],
    ) -> Option<usize> {
        let (ns, local) = child.name();
        let exact = elements.iter().enumerate().position(|(i, e)| match e.rule {
            Match::Accepts => same(e.name.local, local) && self.accepts_declared(ns, e.name.ns),
            Match::Exact => e.name.local == local && e.name.ns == ns,
            Match::Once => e.name.local == local && e.name.ns == ns && !taken.contains(&i),
            Match::Choice => slots.get(i).is_some_and(|s| s.accepts(ns, local)),
            Match::Any => false,
        });
        exact
            .or_else(|| {
                let tolerant = |(i, e): (usize, &Element)| match e.rule {
                    Match::Exact => e.name.local == local,
                    Match::Once => e.name.local == local && !taken.contains(&i),
                    _ => false,
                };
                if self.namespace_tolerant() { elements.iter().enumerate().position(tolerant) } else { None }
            })
            .or_else(|| elements.iter().position(|e| e.rule == Match::Any))
    }
}
