//! The expansions' errors and decisions, on inputs written as the generator writes them (the
//! expansions' behaviour is tested by compiling generated modules in the root crate's tests).

use syn::{DeriveInput, parse_quote};

use crate::{constructors, expand_xml};

fn error_of(input: DeriveInput) -> String {
    match expand_xml(&input) {
        Ok(tokens) => panic!("expected an error, got {tokens}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unknown_keys_and_missing_names_are_errors_at_the_attribute() {
    let unknown: DeriveInput = parse_quote! {
        #[xml(ns = NS)]
        struct A { #[xml(name = "X", colour)] x: i32 }
    };
    assert_eq!(error_of(unknown), "unknown `xml` field attribute");
    let unnamed: DeriveInput = parse_quote! { struct A { x: i32 } };
    assert_eq!(error_of(unnamed), "missing `#[xml(name = \"...\")]`");
    let type_key: DeriveInput = parse_quote! { #[xml(namespace = NS)] struct A {} };
    assert!(error_of(type_key).starts_with("unknown `xml` type attribute"));
    let no_value: DeriveInput = parse_quote! { #[xml(enumeration)] enum E { Unknown(String) } };
    assert!(!error_of(no_value).is_empty());
}

#[test]
fn enumerations_need_values_and_an_unknown_case() {
    let no_unknown: DeriveInput = parse_quote! {
        #[xml(enumeration = "Colour")]
        enum Colour { #[xml(value = "red")] Red }
    };
    assert_eq!(error_of(no_unknown), "an enumeration needs an `Unknown(String)` variant");
    let no_value: DeriveInput = parse_quote! {
        #[xml(enumeration = "Colour")]
        enum Colour { Red, Unknown(String) }
    };
    assert_eq!(error_of(no_value), "missing `#[xml(value = \"...\")]`");
}

#[test]
fn choice_alternatives_hold_one_value() {
    let two: DeriveInput = parse_quote! { enum C { #[xml(name = "A")] A(i32, i32) } };
    assert_eq!(error_of(two), "a choice alternative holds one value: `Name(T)`");
    let empty: DeriveInput = parse_quote! { enum C {} };
    assert_eq!(error_of(empty), "a choice needs at least one alternative");
}

#[test]
fn an_element_name_declared_once_is_accepted_and_one_declared_twice_is_exact() {
    let input: DeriveInput = parse_quote! {
        #[xml(ns = NS)]
        struct A {
            #[xml(name = "One")] one: Option<String>,
            #[xml(name = "Two")] two: Option<String>,
            #[xml(name = "Two")] two_2: Option<String>,
            #[xml(name = "Three", item = "Item", secret)] three: Vec<String>,
        }
    };
    let code = expand_xml(&input).unwrap().to_string();
    // `One`: the common entry (its namespace, or any when tolerant).
    assert!(code.contains("Element :: qualified (NS , \"One\")"), "{code}");
    // `Two`, declared twice: the first takes one element, the second the next.
    let two =
        "Element :: new (:: wsbind :: xml :: Name :: qualified (NS , \"Two\") , :: wsbind :: xml :: ReadAs :: Value";
    assert!(code.contains(&format!("{two} , :: wsbind :: xml :: Match :: Once)")), "{code}");
    assert!(code.contains(&format!("{two} , :: wsbind :: xml :: Match :: Exact)")), "{code}");
    assert!(code.contains("ReadAs :: SecretArray (:: wsbind :: xml :: Name :: qualified (NS , \"Item\"))"), "{code}");
    // One slot per entry, in field order.
    assert!(
        code.contains("r . record (ELEMENTS , & mut [& mut f_one , & mut f_two , & mut f_two_2 , & mut f_three])"),
        "{code}"
    );
}

#[test]
fn constructors_take_required_values_and_rename_setters_as_told() {
    let input: DeriveInput = parse_quote! {
        struct A {
            id: i64,
            next: Box<A>,
            #[xml(setter = "with_new")] new: Option<String>,
            tags: Vec<String>,
            #[xml(any_attribute)] others: ::wsbind::xml::OtherAttributes,
        }
    };
    let code = constructors::derive(&input).unwrap().to_string();
    assert!(code.contains("pub fn new (id : i64 , next : A ,)"), "{code}");
    assert!(code.contains("next : :: std :: boxed :: Box :: new (next)"), "{code}");
    assert!(code.contains("pub fn with_new (mut self , value : impl :: std :: convert :: Into < String >)"), "{code}");
    assert!(
        code.contains(
            "pub fn tags (mut self , value : impl :: std :: convert :: Into < :: std :: vec :: Vec < String >>)"
        ),
        "{code}"
    );
    assert!(!code.contains("fn others"), "no setter for open attributes: {code}");
}

#[test]
fn list_types_and_constructors_refuse_other_shapes() {
    let not_a_list: DeriveInput = parse_quote! { #[xml(list = "Ints")] struct Ints { items: Vec<i32> } };
    assert_eq!(error_of(not_a_list), "a list type is `struct X(pub Vec<T>)`");
    let tuple: DeriveInput = parse_quote! { struct T(i32); };
    let err = constructors::derive(&tuple).unwrap_err().to_string();
    assert_eq!(err, "`Constructors` is for structs with named fields");
    let unquoted_setter: DeriveInput = parse_quote! { struct S { #[xml(setter = with_new)] new: Option<String> } };
    assert!(constructors::derive(&unquoted_setter).is_err(), "a setter name is a string literal");
}

#[test]
fn derived_type_enums_need_names_one_unknown_case_and_at_most_one_base() {
    let no_unknown: DeriveInput = parse_quote! {
        #[xml(ns = NS, xsi_types)]
        enum AnimalKind { #[xml(name = "Animal", base)] Animal(Box<Animal>) }
    };
    assert_eq!(error_of(no_unknown), "exactly one variant needs `#[xml(unknown)]`");
    let two_bases: DeriveInput = parse_quote! {
        #[xml(ns = NS, xsi_types)]
        enum AnimalKind {
            #[xml(name = "Animal", base)] Animal(Box<Animal>),
            #[xml(name = "Dog", base)] Dog(Box<Dog>),
            #[xml(unknown)] Unknown(::wsbind::xml::UnknownType),
        }
    };
    assert_eq!(error_of(two_bases), "at most one variant is the `base` type");
    let unnamed: DeriveInput = parse_quote! {
        #[xml(ns = NS, xsi_types)]
        enum AnimalKind { Dog(Box<Dog>), #[xml(unknown)] Unknown(::wsbind::xml::UnknownType) }
    };
    assert_eq!(error_of(unnamed), "missing `#[xml(name = \"SchemaType\")]` (or `#[xml(unknown)]`)");
    let repeated: DeriveInput = parse_quote! {
        #[xml(ns = NS, xsi_types)]
        enum AnimalKind { #[xml(name = "Dog")] Dog(Vec<Dog>), #[xml(unknown)] Unknown(::wsbind::xml::UnknownType) }
    };
    assert_eq!(error_of(repeated), "a variant holds one value: `T` or `Box<T>`");
}

#[test]
fn derived_type_enums_dispatch_on_xsi_type_and_write_it_for_derived_variants_only() {
    let input: DeriveInput = parse_quote! {
        #[xml(ns = NS, xsi_types, type_name = "Animal")]
        enum AnimalKind {
            #[xml(name = "Animal", base)] Animal(Box<Animal>),
            #[xml(name = "Dog", ns = OTHER)] Dog(Box<Dog>),
            #[xml(unknown)] Unknown(::wsbind::xml::UnknownType),
        }
    };
    let code = expand_xml(&input).unwrap().to_string();
    // Without `xsi:type`: the base; with one, compared as element names are (`Reader::accepts`).
    assert!(
        code.contains("let :: std :: option :: Option :: Some ((ns , local)) = start . xsi_type () else"),
        "{code}"
    );
    assert!(
        code.contains("if local == \"Dog\" && r . accepts (ns , :: std :: option :: Option :: Some (OTHER))"),
        "{code}"
    );
    // Only the derived variant names its type when encoding; the unknown one keeps its attributes.
    assert!(code.contains("Self :: Dog (_) => :: std :: option :: Option :: Some (:: wsbind :: xml :: Name :: qualified (OTHER , \"Dog\"))"), "{code}");
    assert!(!code.contains("Self :: Animal (_) => :: std :: option :: Option :: Some"), "{code}");
}

#[test]
fn a_group_has_elements_only_and_starts_with_its_elements_up_to_the_first_required_one() {
    let with_attribute: DeriveInput = parse_quote! {
        #[xml(group, ns = NS)]
        struct G { #[xml(attribute, name = "id")] id: i32 }
    };
    assert_eq!(error_of(with_attribute), "a `group` has elements only: no attributes or text");
    let group: DeriveInput = parse_quote! {
        #[xml(group, ns = NS)]
        struct G {
            #[xml(name = "A")] a: Option<i32>,
            #[xml(name = "B")] b: i32,
            #[xml(name = "C")] c: i32,
        }
    };
    let expanded = expand_xml(&group).unwrap().to_string();
    let starts = &expanded[expanded.find("fn starts").unwrap()..expanded.find("fn decode_group").unwrap()];
    assert!(starts.contains("\"A\"") && starts.contains("\"B\""), "{starts}");
    assert!(!starts.contains("\"C\""), "an element after the first required one does not start the group: {starts}");
    assert!(expanded.contains("r . group (first , ELEMENTS"), "{expanded}");
}

/// The `Sample` impls follow the generator's hints: no impl for `no_sample`, empty fields for
/// `sample_empty` and `unread`, the leaf alternative at the depth bound, never the unknown case.
#[test]
fn sample_impls_follow_the_hints() {
    let flat = |tokens: proc_macro2::TokenStream| tokens.to_string().split_whitespace().collect::<String>();
    let record: DeriveInput = parse_quote! {
        struct R {
            a: String,
            #[xml(sample_empty)] b: Option<Box<Tree>>,
            #[xml(name = "C", unread)] c: Vec<i32>,
            #[xml(xsi_type)] t: Option<String>,
        }
    };
    let code = flat(constructors::derive(&record).unwrap());
    assert!(code.contains("::wsbind::__samples!{impl::wsbind::samples::SampleforR{fnsample(d:u32)->Self{let_=d;Self{a:::wsbind::samples::Sample::sample(d+1),b:::std::option::Option::None,c:::std::vec::Vec::new(),t:::std::option::Option::Some(::std::borrow::ToOwned::to_owned(\"{urn:wsbind:sample}Derived\")),}}}}"), "{code}");
    let cyclic: DeriveInput = parse_quote! { #[xml(no_sample)] struct Tree { next: Box<Tree> } };
    assert!(!flat(constructors::derive(&cyclic).unwrap()).contains("Sample"));
    let choice: DeriveInput = parse_quote! {
        #[xml(ns = NS)]
        enum C {
            #[xml(name = "Deep")] Deep(Box<Deep>),
            #[xml(name = "Never", sample_empty)] Never(Box<Tree>),
            #[xml(name = "Leaf", sample_leaf)] Leaf(Vec<i32>),
            #[xml(unknown)] Unknown(::wsbind::xml::RawXml),
        }
    };
    let code = flat(expand_xml(&choice).unwrap());
    assert!(code.contains("ifd<::wsbind::samples::MAX_DEPTH{Self::Deep(::wsbind::samples::Sample::sample(d+1))}else{Self::Leaf(::std::vec![::wsbind::samples::Sample::sample(d+1)])}"), "{code}");
    let sum: DeriveInput = parse_quote! { enum S { A(Box<A>), Unknown(::wsbind::rest::JsonValue) } };
    let code = flat(crate::sample::derive(&sum).unwrap());
    assert!(code.contains("Self::A(::wsbind::samples::Sample::sample(d+1))"), "{code}");
}
