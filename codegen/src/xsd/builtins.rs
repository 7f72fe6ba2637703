//! XSD built-in types (and the few well-known non-XSD names treated the same way) mapped to
//! the model's [`Builtin`]s.

use crate::model::Builtin;

/// Microsoft ASMX serialization types (`guid`, `char`).
pub const MS_TYPES_NS: &str = "http://microsoft.com/wsdl/types/";
/// WCF DataContract serialization types (`guid`, `char`, `duration`).
pub const MS_SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";
/// The WS-I Attachments Profile 1.0 schema (`ref:swaRef`).
pub const WSI_SWAREF_NS: &str = "http://ws-i.org/profiles/basic/1.1/xsd";
/// SOAP 1.1 encoding (`soapenc:string`, `soapenc:Array`, ...).
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";

/// The built-in named `local` in the XML Schema namespace.
pub fn xsd_builtin(local: &str) -> Option<Builtin> {
    use Builtin::*;
    Some(match local {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "ID" | "IDREF" | "IDREFS"
        | "ENTITY" | "ENTITIES" | "NMTOKEN" | "NMTOKENS" | "NOTATION" | "gYear" | "gYearMonth" | "gMonth"
        | "gMonthDay" | "gDay" | "timeInstant" => String,
        "boolean" => Boolean,
        "byte" => I8,
        "short" => I16,
        "int" => I32,
        "long" => I64,
        "unsignedByte" => U8,
        "unsignedShort" => U16,
        "unsignedInt" => U32,
        "unsignedLong" => U64,
        "integer" | "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" => Integer,
        "decimal" => Decimal,
        "float" => Float,
        "double" => Double,
        "dateTime" | "dateTimeStamp" => DateTime,
        "date" => Date,
        "time" => Time,
        "duration" | "dayTimeDuration" | "yearMonthDuration" => Duration,
        "base64Binary" => Base64Binary,
        "hexBinary" => HexBinary,
        "anyURI" => AnyUri,
        "QName" => QName,
        "anyType" => AnyType,
        "anySimpleType" | "anyAtomicType" => AnySimpleType,
        _ => return None,
    })
}

/// Built-ins of well-known namespaces that win over any schema definition (`guid`).
pub fn preferred(ns: &str, local: &str) -> Option<Builtin> {
    match (ns, local) {
        (MS_TYPES_NS | MS_SERIALIZATION_NS, "guid") => Some(Builtin::Guid),
        // The profile's schema declares it an `xs:anyURI`; its meaning (a MIME part) is the
        // runtime's `SwaRef`, whether the schema is imported with a location or not.
        (WSI_SWAREF_NS, "swaRef") => Some(Builtin::SwaRef),
        _ => None,
    }
}

/// Built-ins of well-known namespaces used when the set does not define the type itself
/// (namespace-only imports of SOAP encoding or the WCF serialization schema).
pub fn fallback(ns: &str, local: &str) -> Option<Builtin> {
    match ns {
        SOAP_ENC_NS => match local {
            "base64" => Some(Builtin::Base64Binary),
            other => xsd_builtin(other),
        },
        MS_TYPES_NS | MS_SERIALIZATION_NS => match local {
            "char" => Some(Builtin::U16),
            "duration" => Some(Builtin::Duration),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_map() {
        assert_eq!(xsd_builtin("unsignedShort"), Some(Builtin::U16));
        assert_eq!(xsd_builtin("anyType"), Some(Builtin::AnyType));
        assert_eq!(xsd_builtin("nope"), None);
        assert_eq!(preferred(MS_TYPES_NS, "guid"), Some(Builtin::Guid));
        assert_eq!(fallback(SOAP_ENC_NS, "base64"), Some(Builtin::Base64Binary));
        assert_eq!(preferred(WSI_SWAREF_NS, "swaRef"), Some(Builtin::SwaRef));
    }
}
