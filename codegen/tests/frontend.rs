//! The WSDL/XSD front end: broken inputs give positioned diagnostics (goldens in
//! `tests/fixtures/broken/<case>/expected.err`, rewritten with `UPDATE_GOLDEN=1`), the two seed
//! services load into the expected model, and small WSDLs cover the XSD/WSDL constructs one by one.
//! The public corpus (kept outside the repository) is checked by `cargo xtask corpus`.

use std::path::{Path, PathBuf};

use wsbind_codegen::model::*;
use wsbind_codegen::passes;
use wsbind_codegen::wsdl::{self, LoadOptions};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(root: &Path) -> LoadOptions {
    LoadOptions { module: "test".to_owned(), source_root: Some(root.to_path_buf()), ..LoadOptions::default() }
}

/// Writes `files` into a fresh folder under the test temp dir and returns it.
fn write_set(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("frontend").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (file, content) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn load_dir(dir: &Path) -> Result<Model, wsbind_codegen::Diagnostics> {
    wsdl::load(&wsdl::top_level_wsdls(dir), &options(dir))
}

fn load_ok(dir: &Path) -> Model {
    load_dir(dir).unwrap_or_else(|d| panic!("{}: {d}", dir.display()))
}

fn first_error(dir: &Path) -> String {
    match load_dir(dir) {
        Ok(_) => panic!("{} loaded without error", dir.display()),
        Err(d) => d.iter().next().unwrap().to_string(),
    }
}

fn type_named<'m>(m: &'m Model, local: &str) -> &'m TypeDef {
    m.types.iter().find(|t| t.name.local == local).unwrap_or_else(|| panic!("no type {local}"))
}

fn complex<'m>(m: &'m Model, local: &str) -> &'m ComplexType {
    match &type_named(m, local).kind {
        TypeKind::Complex(c) => c,
        other => panic!("{local} is {other:?}"),
    }
}

fn field<'c>(c: &'c ComplexType, name: &str) -> &'c Field {
    c.fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name}"))
}

fn field_names(c: &ComplexType) -> Vec<&str> {
    c.fields.iter().map(|f| f.name.as_str()).collect()
}

fn element(m: &Model, local: &str) -> ElementId {
    ElementId(m.elements.iter().position(|e| e.name.local == local).unwrap_or_else(|| panic!("no element {local}")))
}

// ---------------------------------------------------------------------------------------------
// Broken inputs

#[test]
fn broken_fixtures_give_their_expected_first_diagnostic() {
    let root = manifest_dir().join("tests/fixtures/broken");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 5, "expected at least 5 broken fixtures");
    let mut failures = Vec::new();
    for case in cases {
        let err = match load_dir(&case) {
            Ok(_) => {
                failures.push(format!("{}: loaded without error", case.display()));
                continue;
            }
            Err(d) => d,
        };
        assert!(err.iter().all(|d| d.line > 0 && d.column > 0), "{}: unpositioned: {err}", case.display());
        let first = err.iter().next().unwrap().to_string();
        let golden = case.join("expected.err");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, format!("{first}\n")).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", golden.display()));
        if expected.trim_end() != first {
            failures.push(format!("{}:\n  expected: {}\n  got:      {first}", case.display(), expected.trim_end()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diagnostics_name_the_qname_and_the_kind_expected() {
    let dir = manifest_dir().join("tests/fixtures/broken/dangling-type");
    let err = first_error(&dir);
    assert!(err.starts_with("service.wsdl:5:"), "{err}");
    assert!(err.contains("type `tns:Order` is not defined"), "{err}");
    assert!(err.contains("{urn:broken}Order"), "{err}");
    let err = first_error(&manifest_dir().join("tests/fixtures/broken/missing-import"));
    assert!(err.contains("types/common.xsd"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The seed services

/// The committed schemas of a seed service (a missing one fails the test, it is not skipped).
fn schemas_dir(service: &str) -> PathBuf {
    let dir = manifest_dir().join("../schemas").join(service);
    assert!(!wsdl::top_level_wsdls(&dir).is_empty(), "no WSDL under {}", dir.display());
    dir
}

#[test]
fn tc2_loads_into_the_expected_model() {
    let dir = schemas_dir("tc2");
    let m = load_ok(&dir);
    let tns = Some("https://services.alarmnet.com/TC2/".to_owned());
    assert_eq!(m.services.len(), 1);
    let svc = &m.services[0];
    let protocols: Vec<Protocol> = svc.endpoints.iter().map(|e| e.protocol).collect();
    assert_eq!(protocols, [Protocol::Soap11, Protocol::Soap12, Protocol::HttpGet, Protocol::HttpPost]);
    assert!(
        svc.endpoints.iter().all(|e| e.address == "https://rs.alarmnet.com/TC21API/TC2.asmx"),
        "{:?}",
        svc.endpoints
    );

    let names: Vec<&str> = svc.operations.iter().map(|o| o.name.as_str()).collect();
    assert!(names.contains(&"GetPartnerCameraRefreshToken") && names.contains(&"SynchronizePanelUser"), "{names:?}");
    for op in &svc.operations {
        let versions: Vec<SoapVersion> = op.soap.iter().map(|s| s.version).collect();
        assert_eq!(versions, [SoapVersion::V11, SoapVersion::V12], "{}", op.name);
        for s in &op.soap {
            assert_eq!(s.action, format!("https://services.alarmnet.com/TC2/{}", op.name));
            assert!(!s.rpc && !s.encoded);
        }
        let input = m.element(op.input.unwrap());
        assert_eq!(input.name, QName { ns: tns.clone(), local: op.name.clone() });
        assert_eq!(m.element(op.output.unwrap()).name.local, format!("{}Response", op.name));
    }

    let get = svc.operations.iter().find(|o| o.name == "GetPartnerCameraRefreshToken").unwrap();
    assert!(get.doc.is_some(), "operation documentation is kept");
    let methods: Vec<HttpMethod> = get.http.iter().map(|h| h.method).collect();
    assert_eq!(methods, [HttpMethod::Get, HttpMethod::Post]);
    for h in &get.http {
        assert_eq!(h.location, "/GetPartnerCameraRefreshToken");
        assert_eq!(m.element(h.output.unwrap()).name.local, "AccessTokenResult");
        let params: Vec<&str> = h.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(params[0], "sessionID");
        assert!(h.params[0].secret, "sessionID is a secret parameter");
    }
    let sync = svc.operations.iter().find(|o| o.name == "SynchronizePanelUser").unwrap();
    assert!(sync.http.is_empty(), "SynchronizePanelUser has no HTTP bindings");

    let request = complex(&m, "GetPartnerCameraRefreshToken");
    assert!(type_named(&m, "GetPartnerCameraRefreshToken").anonymous);
    let session = field(request, "sessionID");
    assert_eq!(
        (session.ty.clone(), session.occurs, session.ns.clone()),
        (TypeRef::Builtin(Builtin::String), Occurs::OPTIONAL, tns.clone())
    );
    assert!(session.secret);
    assert_eq!(field(request, "PartnerId").ty, TypeRef::Builtin(Builtin::I32));
    assert_eq!(field(request, "PartnerId").occurs, Occurs::ONE);

    let token = complex(&m, "AccessToken");
    assert!(field(token, "access_token").secret && field(token, "refresh_token").secret);
    assert!(!field(token, "token_type").secret);
    // The `AccessToken` element holds a record: its secret members are redacted, not the record.
    assert!(!field(complex(&m, "AccessTokenResult"), "AccessToken").secret);

    // ArrayOfX wrappers become Vec fields.
    let sync_in = complex(&m, "SynchronizePanelUser");
    let devices = field(sync_in, "DeviceList");
    let item = devices.array_item.as_ref().expect("DeviceList is an ArrayOf wrapper");
    assert_eq!(item.name, "DeviceAuthorizingCode");
    let TypeRef::Named(id) = devices.ty else { panic!("{:?}", devices.ty) };
    assert_eq!(m.ty(id).name.local, "DeviceAuthorizingCode");
    let code = complex(&m, "DeviceAuthorizingCode");
    assert_eq!(field(code, "LocationID").ty, TypeRef::Builtin(Builtin::I64));
}

#[test]
fn sos_loads_with_its_auth_header() {
    let dir = schemas_dir("sos");
    let m = load_ok(&dir);
    let svc = &m.services[0];
    assert!(svc.endpoints.iter().all(|e| e.address.starts_with("https://")), "{:?}", svc.endpoints);
    assert!(svc.endpoints.iter().any(|e| e.protocol == Protocol::Soap12));
    for op in &svc.operations {
        for s in &op.soap {
            assert_eq!(s.action, format!("sosonlinebackup.com/{}", op.name));
            assert_eq!(s.input_headers.len(), 1, "{}", op.name);
            assert_eq!(m.element(s.input_headers[0].element).name.local, "AuthHeader");
        }
    }
    let header = complex(&m, "AuthHeader");
    assert!(field(header, "Password").secret);
    assert!(!field(header, "UserName").secret);
    assert_eq!(m.element(element(&m, "AuthHeader")).name.ns.as_deref(), Some("sosonlinebackup.com"));
}

// ---------------------------------------------------------------------------------------------
// Constructs, one small WSDL each

const ASMX_LIKE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:tns="urn:shop" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:shop">
  <wsdl:documentation>Shop service</wsdl:documentation>
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="urn:shop">
      <s:import namespace="http://microsoft.com/wsdl/types/" />
      <s:element name="GetOrders">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="0" maxOccurs="1" name="ApiKey" type="s:string" />
            <s:element minOccurs="1" maxOccurs="1" name="CustomerId" type="s1:guid" xmlns:s1="http://microsoft.com/wsdl/types/" />
            <s:element minOccurs="1" maxOccurs="1" name="Status" type="tns:OrderStatus" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:simpleType name="OrderStatus">
        <s:restriction base="s:string">
          <s:enumeration value="Open"><s:annotation><s:documentation>Not shipped yet</s:documentation></s:annotation></s:enumeration>
          <s:enumeration value="Shipped" />
        </s:restriction>
      </s:simpleType>
      <s:element name="GetOrdersResponse">
        <s:complexType>
          <s:sequence>
            <s:element minOccurs="0" maxOccurs="1" name="GetOrdersResult" type="tns:ArrayOfOrder" />
          </s:sequence>
        </s:complexType>
      </s:element>
      <s:complexType name="ArrayOfOrder">
        <s:sequence>
          <s:element minOccurs="0" maxOccurs="unbounded" name="Order" nillable="true" type="tns:Order" />
        </s:sequence>
      </s:complexType>
      <s:complexType name="Entity" abstract="true">
        <s:sequence><s:element minOccurs="1" maxOccurs="1" name="Id" type="s:long" /></s:sequence>
        <s:attribute name="version" type="s:int" use="required" />
      </s:complexType>
      <s:complexType name="Order">
        <s:annotation><s:documentation>An order</s:documentation></s:annotation>
        <s:complexContent>
          <s:extension base="tns:Entity">
            <s:sequence>
              <s:element minOccurs="0" maxOccurs="1" name="Code">
                <s:simpleType><s:restriction base="s:string"><s:maxLength value="8" /><s:pattern value="[A-Z]+" /></s:restriction></s:simpleType>
              </s:element>
              <s:element minOccurs="0" maxOccurs="1" name="Total" type="tns:Money" />
              <s:element minOccurs="0" maxOccurs="1" name="Lines">
                <s:complexType><s:sequence><s:element maxOccurs="unbounded" name="Line" type="s:string" /></s:sequence></s:complexType>
              </s:element>
              <s:element minOccurs="0" maxOccurs="1" name="Extra" />
              <s:any minOccurs="0" maxOccurs="unbounded" />
            </s:sequence>
          </s:extension>
        </s:complexContent>
      </s:complexType>
      <s:complexType name="Money">
        <s:simpleContent>
          <s:extension base="s:decimal"><s:attribute name="currency" type="s:string" default="EUR" /></s:extension>
        </s:simpleContent>
      </s:complexType>
      <s:element name="ArrayOfOrder" nillable="true" type="tns:ArrayOfOrder" />
    </s:schema>
  </wsdl:types>
  <wsdl:message name="GetOrdersSoapIn"><wsdl:part name="parameters" element="tns:GetOrders" /></wsdl:message>
  <wsdl:message name="GetOrdersSoapOut"><wsdl:part name="parameters" element="tns:GetOrdersResponse" /></wsdl:message>
  <wsdl:message name="GetOrdersHttpGetIn"><wsdl:part name="ApiKey" type="s:string" /><wsdl:part name="CustomerId" type="s:string" /></wsdl:message>
  <wsdl:message name="GetOrdersHttpGetOut"><wsdl:part name="Body" element="tns:ArrayOfOrder" /></wsdl:message>
  <wsdl:portType name="ShopSoap">
    <wsdl:operation name="GetOrders">
      <wsdl:documentation>Lists orders</wsdl:documentation>
      <wsdl:input message="tns:GetOrdersSoapIn" /><wsdl:output message="tns:GetOrdersSoapOut" />
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:portType name="ShopHttpGet">
    <wsdl:operation name="GetOrders"><wsdl:input message="tns:GetOrdersHttpGetIn" /><wsdl:output message="tns:GetOrdersHttpGetOut" /></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="ShopSoap" type="tns:ShopSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="GetOrders">
      <soap:operation soapAction="urn:shop/GetOrders" style="document" />
      <wsdl:input><soap:body use="literal" /></wsdl:input><wsdl:output><soap:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="ShopSoap12" type="tns:ShopSoap">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="GetOrders">
      <soap12:operation soapAction="urn:shop/GetOrders" style="document" />
      <wsdl:input><soap12:body use="literal" /></wsdl:input><wsdl:output><soap12:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="ShopHttpGet" type="tns:ShopHttpGet">
    <http:binding verb="GET" />
    <wsdl:operation name="GetOrders">
      <http:operation location="/GetOrders" />
      <wsdl:input><http:urlEncoded /></wsdl:input>
      <wsdl:output><mime:mimeXml part="Body" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Shop">
    <wsdl:port name="ShopSoap" binding="tns:ShopSoap"><soap:address location="https://shop.example/Shop.asmx" /></wsdl:port>
    <wsdl:port name="ShopSoap12" binding="tns:ShopSoap12"><soap12:address location="https://shop.example/Shop.asmx" /></wsdl:port>
    <wsdl:port name="ShopHttpGet" binding="tns:ShopHttpGet"><http:address location="https://shop.example/Shop.asmx" /></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#;

#[test]
fn asmx_like_service_covers_the_common_constructs() {
    let dir = write_set("asmx", &[("Shop.wsdl", ASMX_LIKE.as_bytes())]);
    let m = load_ok(&dir);
    assert_eq!(m.doc.as_deref(), Some("Shop service"));
    assert_eq!(m.sources, ["Shop.wsdl"]);

    let req = complex(&m, "GetOrders");
    assert_eq!(field(req, "CustomerId").ty, TypeRef::Builtin(Builtin::Guid));
    assert!(field(req, "ApiKey").secret);
    let TypeRef::Named(status) = field(req, "Status").ty else { panic!() };
    match &m.ty(status).kind {
        TypeKind::Enum(e) => {
            assert_eq!(e.base, Builtin::String);
            let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
            assert_eq!(values, ["Open", "Shipped"]);
            assert_eq!(e.values[0].doc.as_deref(), Some("Not shipped yet"));
        }
        other => panic!("{other:?}"),
    }

    // complexContent extension: base fields first, attributes kept, base/derived linked.
    let order_def = type_named(&m, "Order");
    assert_eq!(order_def.doc.as_deref(), Some("An order"));
    let order = complex(&m, "Order");
    assert_eq!(field_names(order), ["Id", "version", "Code", "Total", "Lines", "Extra", "any"]);
    let entity = TypeId(m.types.iter().position(|t| t.name.local == "Entity").unwrap());
    assert_eq!(order.base, Some(entity));
    assert!(complex(&m, "Entity").is_abstract);
    assert!(
        complex(&m, "Entity").derived.contains(&TypeId(m.types.iter().position(|t| t.name.local == "Order").unwrap()))
    );
    assert_eq!(field(order, "version").kind, FieldKind::Attribute);
    assert_eq!(field(order, "version").occurs, Occurs::ONE);
    assert_eq!(field(order, "version").ns, None, "attributes are unqualified by default");
    let code = field(order, "Code");
    assert_eq!(
        (code.ty.clone(), code.limits.max_length, code.limits.patterns.as_slice()),
        (TypeRef::Builtin(Builtin::String), Some(8), ["[A-Z]+".to_owned()].as_slice())
    );
    assert_eq!(field(order, "Extra").ty, TypeRef::Builtin(Builtin::AnyType));
    assert_eq!(field(order, "any").kind, FieldKind::Any);
    // An anonymous local wrapper is an array too; its type is named after the path.
    let lines = field(order, "Lines");
    assert_eq!(lines.array_item.as_ref().map(|a| a.name.as_str()), Some("Line"));
    assert!(type_named(&m, "Order.Lines").anonymous);

    // simpleContent.
    let money = complex(&m, "Money");
    assert_eq!(money.fields[0].kind, FieldKind::Text);
    assert_eq!(money.fields[0].ty, TypeRef::Builtin(Builtin::Decimal));
    assert_eq!(field(money, "currency").default.as_deref(), Some("EUR"));

    // ArrayOfOrder used by a field: Vec<Order> through the wrapper element.
    let result = field(complex(&m, "GetOrdersResponse"), "GetOrdersResult");
    let item = result.array_item.as_ref().unwrap();
    assert_eq!((item.name.as_str(), item.ns.as_deref(), item.nillable), ("Order", Some("urn:shop"), true));

    // Bindings.
    let svc = &m.services[0];
    assert_eq!(svc.endpoints.len(), 3);
    let op = &svc.operations[0];
    assert_eq!(op.doc.as_deref(), Some("Lists orders"));
    assert_eq!(op.soap.len(), 2);
    assert_eq!(op.soap[1].version, SoapVersion::V12);
    assert_eq!(op.soap[1].action, "urn:shop/GetOrders");
    let get = &op.http[0];
    assert_eq!((get.method, get.location.as_str()), (HttpMethod::Get, "/GetOrders"));
    assert_eq!(get.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ApiKey", "CustomerId"]);
    assert_eq!(get.params[0].location, ParamLocation::Query);
    assert!(get.params[0].secret);
    assert_eq!(get.output, Some(element(&m, "ArrayOfOrder")));
}

#[test]
fn passes_can_be_run_separately() {
    let dir = write_set("raw", &[("Shop.wsdl", ASMX_LIKE.as_bytes())]);
    let mut m = wsdl::load_raw(&wsdl::top_level_wsdls(&dir), &options(&dir)).unwrap();
    assert!(field(complex(&m, "GetOrdersResponse"), "GetOrdersResult").array_item.is_none());
    assert!(!field(complex(&m, "GetOrders"), "ApiKey").secret);
    passes::arrays::apply(&mut m);
    passes::secrets::mark(&mut m, &["Status".to_owned()]);
    assert!(field(complex(&m, "GetOrdersResponse"), "GetOrdersResult").array_item.is_some());
    assert!(field(complex(&m, "GetOrders"), "Status").secret, "extra secret names extend the rule");
}

const RPC: &str = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:rpc" targetNamespace="urn:rpc">
  <documentation>Caf\xe9 service</documentation>
  <types>
    <xsd:schema targetNamespace="urn:rpc">
      <xsd:import namespace="http://schemas.xmlsoap.org/soap/encoding/" />
      <xsd:complexType name="Issue">
        <xsd:all>
          <xsd:element name="id" type="xsd:integer" />
          <xsd:element name="summary" type="xsd:string" />
        </xsd:all>
      </xsd:complexType>
      <xsd:complexType name="IssueArray">
        <xsd:complexContent>
          <xsd:restriction base="soapenc:Array">
            <xsd:attribute ref="soapenc:arrayType" wsdl:arrayType="tns:Issue[]" />
          </xsd:restriction>
        </xsd:complexContent>
      </xsd:complexType>
    </xsd:schema>
  </types>
  <message name="getIssuesRequest"><part name="username" type="xsd:string" /><part name="password" type="xsd:string" /></message>
  <message name="getIssuesResponse"><part name="return" type="tns:IssueArray" /></message>
  <message name="RemoteException"><part name="fault" type="xsd:string" /></message>
  <portType name="Tracker">
    <operation name="getIssues">
      <input message="tns:getIssuesRequest" /><output message="tns:getIssuesResponse" />
      <fault name="RemoteException" message="tns:RemoteException" />
    </operation>
  </portType>
  <binding name="TrackerBinding" type="tns:Tracker">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http" />
    <operation name="getIssues">
      <soap:operation soapAction="" />
      <input><soap:body use="encoded" namespace="urn:rpc:api" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" /></input>
      <output><soap:body use="encoded" namespace="urn:rpc:api" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" /></output>
      <fault name="RemoteException"><soap:fault name="RemoteException" use="encoded" /></fault>
    </operation>
  </binding>
  <service name="TrackerService">
    <port name="Tracker" binding="tns:TrackerBinding"><soap:address location="http://tracker.example/rpc" /></port>
  </service>
</definitions>
"#;

#[test]
fn rpc_encoded_with_soap_arrays_and_latin1() {
    let text = RPC.replace("\\xe9", "\u{e9}");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let dir = write_set("rpc", &[("tracker.wsdl", &bytes)]);
    let m = load_ok(&dir);
    assert_eq!(m.doc.as_deref(), Some("Caf\u{e9} service"));
    let op = &m.services[0].operations[0];
    assert!(op.soap[0].rpc && op.soap[0].encoded);
    assert_eq!(op.soap[0].action, "");
    let input = m.element(op.input.unwrap());
    assert_eq!(input.name, QName::new(Some("urn:rpc:api"), "getIssues"));
    let TypeRef::Named(wrapper) = input.ty else { panic!() };
    let TypeKind::Complex(c) = &m.ty(wrapper).kind else { panic!() };
    assert_eq!(field_names(c), ["username", "password"]);
    assert!(c.fields.iter().all(|f| f.ns.is_none()), "rpc parts are unqualified");
    assert!(field(c, "password").secret);
    let output = m.element(op.output.unwrap());
    assert_eq!(output.name.local, "getIssuesResponse");
    let TypeRef::Named(out) = output.ty else { panic!() };
    let TypeKind::Complex(out) = &m.ty(out).kind else { panic!() };
    let ret = field(out, "return");
    assert_eq!(ret.array_item.as_ref().map(|a| a.name.as_str()), Some("item"), "SOAP-ENC arrays are Vecs");
    let TypeRef::Named(issue) = ret.ty else { panic!() };
    assert_eq!(m.ty(issue).name.local, "Issue");
    assert_eq!(field(complex(&m, "Issue"), "id").ty, TypeRef::Builtin(Builtin::Integer));
    assert_eq!(op.faults.len(), 1);
    assert_eq!(op.faults[0].name, "RemoteException");
}

#[test]
fn imports_includes_groups_choices_and_a_utf8_bom() {
    let wsdl = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:main" targetNamespace="urn:main">
  <wsdl:import namespace="urn:main" location="parts/bindings.wsdl" />
  <wsdl:service name="Main">
    <wsdl:port name="MainSoap12" binding="tns:MainSoap12">
      <soap12:address xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" location="https://main.example/svc" />
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#;
    let bindings = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:main" xmlns:t="urn:types" targetNamespace="urn:main">
  <wsdl:types>
    <xs:schema targetNamespace="urn:main"><xs:import namespace="urn:types" schemaLocation="../xsd/types.xsd" /></xs:schema>
  </wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="t:Find" /></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="t:FindResponse" /></wsdl:message>
  <wsdl:message name="Ctx"><wsdl:part name="h" element="t:Context" /></wsdl:message>
  <wsdl:portType name="Main"><wsdl:operation name="Find"><wsdl:input message="tns:In" /><wsdl:output message="tns:Out" /></wsdl:operation></wsdl:portType>
  <wsdl:binding name="MainSoap12" type="tns:Main">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http" />
    <wsdl:operation name="Find">
      <soap12:operation soapAction="urn:main/Find" />
      <wsdl:input><soap12:body use="literal" /><soap12:header message="tns:Ctx" part="h" use="literal" /></wsdl:input>
      <wsdl:output><soap12:body use="literal" /></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>"#;
    let types = r#"<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:types" targetNamespace="urn:types" elementFormDefault="qualified">
  <xs:include schemaLocation="common.xsd" />
  <xs:element name="Find">
    <xs:complexType>
      <xs:sequence>
        <xs:group ref="t:Paging" />
        <xs:choice minOccurs="0">
          <xs:element name="ById" type="xs:int" />
          <xs:element name="ByName" type="xs:string" />
        </xs:choice>
        <xs:element name="Tags" type="t:TagList" minOccurs="0" />
        <xs:element name="Key" type="t:KeyOrName" minOccurs="0" />
      </xs:sequence>
      <xs:attributeGroup ref="t:Audit" />
      <xs:anyAttribute />
    </xs:complexType>
  </xs:element>
  <xs:element name="FindResponse">
    <xs:complexType><xs:sequence><xs:element name="Find" type="xs:string" minOccurs="0" /></xs:sequence></xs:complexType>
  </xs:element>
  <xs:simpleType name="TagList"><xs:list itemType="xs:string" /></xs:simpleType>
  <xs:simpleType name="KeyOrName"><xs:union memberTypes="xs:int xs:string" /></xs:simpleType>
  <xs:element name="Context"><xs:complexType><xs:sequence><xs:element name="SessionId" type="xs:string" /></xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let common = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:types" targetNamespace="urn:types" elementFormDefault="qualified">
  <xs:group name="Paging"><xs:sequence><xs:element name="Skip" type="xs:int" minOccurs="0" /><xs:element name="Take" type="xs:int" /></xs:sequence></xs:group>
  <xs:attributeGroup name="Audit"><xs:attribute name="by" type="xs:string" /><xs:attribute ref="xml:lang" /></xs:attributeGroup>
  <xs:complexType name="Find.Tags"><xs:sequence /></xs:complexType>
</xs:schema>"#;
    let mut types_bom = b"\xEF\xBB\xBF".to_vec();
    types_bom.extend_from_slice(types.as_bytes());
    let dir = write_set(
        "imports",
        &[
            ("main.wsdl", wsdl.as_bytes()),
            ("parts/bindings.wsdl", bindings.as_bytes()),
            ("xsd/types.xsd", &types_bom),
            ("xsd/common.xsd", common.as_bytes()),
        ],
    );
    assert_eq!(wsdl::top_level_wsdls(&dir), [dir.join("main.wsdl")], "imported WSDLs are not top-level");
    let m = load_ok(&dir);
    let find = complex(&m, "Find");
    assert_eq!(field_names(find), ["Skip", "Take", "choice", "Tags", "Key", "by", "lang", "anyAttribute"]);
    assert_eq!(field(find, "lang").ns.as_deref(), Some("http://www.w3.org/XML/1998/namespace"));
    let choice = field(find, "choice");
    assert_eq!((choice.kind, choice.occurs), (FieldKind::Choice, Occurs::OPTIONAL));
    let TypeRef::Named(cid) = choice.ty else { panic!() };
    assert_eq!(m.ty(cid).name.local, "FindChoice");
    let TypeKind::Choice(ch) = &m.ty(cid).kind else { panic!() };
    assert_eq!(ch.variants.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["ById", "ByName"]);
    assert!(ch.optional);
    let TypeRef::Named(tags) = field(find, "Tags").ty else { panic!() };
    assert!(matches!(&m.ty(tags).kind, TypeKind::Simple(SimpleType { list: true, .. })));
    let TypeRef::Named(key) = field(find, "Key").ty else { panic!() };
    let TypeKind::Simple(key) = &m.ty(key).kind else { panic!() };
    assert!(key.limits.note.as_deref().unwrap_or("").contains("union"));
    // The element's anonymous type and the included named type `Find.Tags` do not collide
    // with anything; two anonymous `FindResponse.Find`-style names would get a suffix.
    assert!(type_named(&m, "Find").anonymous);
    let svc = &m.services[0];
    assert_eq!(svc.endpoints[0].protocol, Protocol::Soap12);
    let soap = &svc.operations[0].soap[0];
    assert_eq!(soap.version, SoapVersion::V12);
    assert_eq!(m.element(soap.input_headers[0].element).name.local, "Context");
    assert!(field(complex(&m, "Context"), "SessionId").secret);
    // Origins point into the imported files, relative to the source root.
    assert_eq!(type_named(&m, "Find").origin.file, "xsd/types.xsd");
    assert_eq!(type_named(&m, "Find").origin.line, 5);
}

#[test]
fn anonymous_type_names_are_unique_and_deterministic() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n" elementFormDefault="qualified">
  <xs:complexType name="Item"><xs:sequence><xs:element name="A" type="xs:string" /></xs:sequence></xs:complexType>
  <xs:element name="Item"><xs:complexType><xs:sequence><xs:element name="B" type="xs:string" /></xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:n">
  <wsdl:types><xs:schema><xs:import namespace="urn:n" schemaLocation="n.xsd" /></xs:schema></wsdl:types>
</wsdl:definitions>"#;
    let dir = write_set("names", &[("n.wsdl", wsdl.as_bytes()), ("n.xsd", xsd.as_bytes())]);
    let first: Vec<String> = load_ok(&dir).types.iter().map(|t| t.name.local.clone()).collect();
    assert_eq!(first, ["Item", "Item2"]);
    let again: Vec<String> = load_ok(&dir).types.iter().map(|t| t.name.local.clone()).collect();
    assert_eq!(first, again);
}

#[test]
fn remote_imports_resolve_through_a_catalog() {
    let wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c">
  <wsdl:types><xs:schema><xs:import namespace="urn:r" schemaLocation="http://schemas.example/r.xsd" /></xs:schema></wsdl:types>
</wsdl:definitions>"#;
    let remote = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:r"><xs:element name="R" type="xs:string" /></xs:schema>"#;
    let dir = write_set("catalog", &[("c.wsdl", wsdl.as_bytes()), ("saved/r.xsd", remote.as_bytes())]);
    let err = first_error(&dir);
    assert!(err.starts_with("c.wsdl:2:26: remote import `http://schemas.example/r.xsd` is not mapped"), "{err}");
    let mut opts = options(&dir);
    opts.catalog.insert("http://schemas.example/r.xsd".to_owned(), dir.join("saved/r.xsd"));
    let m = wsdl::load(&wsdl::top_level_wsdls(&dir), &opts).unwrap();
    assert_eq!(m.elements[0].name, QName::new(Some("urn:r"), "R"));
}

#[test]
fn recursive_types_and_elements_are_plain_references() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:r" targetNamespace="urn:r" elementFormDefault="qualified">
  <xs:element name="Node">
    <xs:complexType mixed="true">
      <xs:sequence><xs:element ref="t:Node" minOccurs="0" maxOccurs="unbounded" /></xs:sequence>
      <xs:attribute name="id" type="xs:ID" />
    </xs:complexType>
  </xs:element>
  <xs:complexType name="Tree">
    <xs:sequence>
      <xs:element name="Left" type="t:Tree" minOccurs="0" nillable="true" />
      <xs:element name="Right" type="t:Tree" minOccurs="0" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="Head" type="t:Tree" abstract="true" />
  <xs:element name="Oak" substitutionGroup="t:Head" />
</xs:schema>"#;
    let wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:r">
  <wsdl:types><xs:schema><xs:import namespace="urn:r" schemaLocation="r.xsd" /></xs:schema></wsdl:types>
</wsdl:definitions>"#;
    let dir = write_set("recursive", &[("r.wsdl", wsdl.as_bytes()), ("r.xsd", xsd.as_bytes())]);
    let m = load_ok(&dir);
    let node_el = element(&m, "Node");
    let TypeRef::Named(node_ty) = m.element(node_el).ty else { panic!() };
    let TypeKind::Complex(node) = &m.ty(node_ty).kind else { panic!() };
    assert!(node.mixed);
    assert_eq!(node.fields[0].ty, TypeRef::Named(node_ty), "a self-referencing element");
    assert!(node.fields[0].occurs.is_repeated());
    let tree = complex(&m, "Tree");
    assert!(field(tree, "Left").nillable);
    let oak = m.element(element(&m, "Oak"));
    assert_eq!(oak.substitution_group, Some(element(&m, "Head")));
    assert_eq!(oak.ty, m.element(element(&m, "Head")).ty, "a substitution group member without type takes the head's");
    assert!(m.element(element(&m, "Head")).is_abstract);
}

#[test]
fn truncated_and_mangled_inputs_never_panic() {
    let mut cases: Vec<String> = (1..ASMX_LIKE.len()).step_by(89).map(|n| ASMX_LIKE[..n].to_owned()).collect();
    for (from, to) in [
        ("tns:Order", "tns:Ordr"),
        ("tns:Entity", "tns:GetOrders"),
        ("s:string", "s:strin"),
        ("tns:GetOrdersSoapIn", "x:y"),
        ("maxOccurs=\"unbounded\"", "maxOccurs=\"-1\""),
        ("<s:sequence>", "<s:sequence><s:group ref=\"tns:None\"/>"),
        ("<s:sequence>", "<s:sequence><s:attributeGroup ref=\"tns:None\"/>"),
        ("element=\"tns:GetOrders\"", ""),
    ] {
        cases.push(ASMX_LIKE.replacen(from, to, 1));
    }
    for (i, text) in cases.iter().enumerate() {
        let dir = write_set(&format!("mangled/{i}"), &[("s.wsdl", text.as_bytes())]);
        if let Err(d) = load_dir(&dir) {
            assert!(d.iter().all(|d| d.line > 0), "case {i}: unpositioned {d}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Schema constructs found by review

/// A WSDL whose types import `a.xsd` (namespace `urn:c`).
const IMPORTING_WSDL: &str = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c">
  <wsdl:types><xs:schema><xs:import namespace="urn:c" schemaLocation="a.xsd" /></xs:schema></wsdl:types>
</wsdl:definitions>"#;

fn load_schemas(name: &str, files: &[(&str, &str)]) -> Model {
    let mut all: Vec<(&str, &[u8])> = vec![("c.wsdl", IMPORTING_WSDL.as_bytes())];
    all.extend(files.iter().map(|(f, text)| (*f, text.as_bytes())));
    load_ok(&write_set(name, &all))
}

#[test]
fn chameleon_include_resolves_unprefixed_references_in_the_includer_namespace() {
    let a = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c"><xs:include schemaLocation="b.xsd"/></xs:schema>"#;
    let b = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="Foo"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType><xs:element name="E" type="Foo"/></xs:schema>"#;
    let m = load_schemas("chameleon-ref", &[("a.xsd", a), ("b.xsd", b)]);
    let e = m.element(element(&m, "E"));
    assert_eq!(e.name.ns.as_deref(), Some("urn:c"));
    let TypeRef::Named(id) = &e.ty else { panic!("E is {:?}", e.ty) };
    assert_eq!(m.types[id.0].name, QName::new(Some("urn:c"), "Foo"));
}

#[test]
fn complex_content_restriction_keeps_the_base_attributes() {
    let a = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:c" targetNamespace="urn:c">
<xs:complexType name="Base"><xs:sequence><xs:element name="x" type="xs:string" minOccurs="0"/></xs:sequence>
  <xs:attribute name="id" type="xs:string"/><xs:attribute name="size" type="xs:string"/><xs:attribute name="gone" type="xs:string"/><xs:anyAttribute/></xs:complexType>
<xs:complexType name="R"><xs:complexContent><xs:restriction base="t:Base"><xs:sequence/>
  <xs:attribute name="size" type="xs:int" use="required"/><xs:attribute name="gone" use="prohibited"/></xs:restriction></xs:complexContent></xs:complexType>
</xs:schema>"#;
    let m = load_schemas("restriction-attributes", &[("a.xsd", a)]);
    let r = complex(&m, "R");
    assert_eq!(field_names(r), ["id", "size", "anyAttribute"]);
    assert_eq!(field(r, "size").ty, TypeRef::Builtin(Builtin::I32));
    assert_eq!(field(r, "size").occurs, Occurs::ONE);
}

#[test]
fn inline_restriction_merges_facets_of_a_base_defined_later() {
    let a = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:c" targetNamespace="urn:c">
<xs:complexType name="A"><xs:sequence><xs:element name="x"><xs:simpleType><xs:restriction base="t:S"><xs:minLength value="1"/></xs:restriction></xs:simpleType></xs:element></xs:sequence></xs:complexType>
<xs:simpleType name="S"><xs:restriction base="xs:string"><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
</xs:schema>"#;
    let m = load_schemas("inline-restriction-order", &[("a.xsd", a)]);
    let x = field(complex(&m, "A"), "x");
    assert_eq!(x.limits.max_length, Some(5));
    assert_eq!(x.limits.min_length, Some(1));
}

#[test]
fn element_refs_take_the_global_default_and_fixed_values() {
    let a = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:c" targetNamespace="urn:c">
<xs:element name="Lang" type="xs:string" default="en"/><xs:element name="Version" type="xs:string" fixed="2"/>
<xs:complexType name="Foo"><xs:sequence><xs:element ref="t:Lang"/><xs:element ref="t:Version"/></xs:sequence></xs:complexType>
</xs:schema>"#;
    let m = load_schemas("element-ref-default", &[("a.xsd", a)]);
    let foo = complex(&m, "Foo");
    assert_eq!(field(foo, "Lang").default.as_deref(), Some("en"));
    assert_eq!(field(foo, "Version").fixed.as_deref(), Some("2"));
}

/// A choice whose alternatives are a sequence and an element is one choice field: the sequence is a
/// group alternative holding a record of its elements. Nothing to warn about, also when strict.
#[test]
fn a_choice_of_a_sequence_and_an_element_is_one_choice_with_a_group_alternative() {
    let dir = manifest_dir().join("tests/fixtures/choice-of-sequence");
    let model = load_ok(&dir);
    assert!(model.warnings.is_empty(), "{:?}", model.warnings);
    let ping = complex(&model, "Ping");
    let [choice] = ping.fields.as_slice() else { panic!("{:?}", ping.fields) };
    assert_eq!((choice.kind, choice.occurs), (FieldKind::Choice, Occurs::ONE));
    let TypeRef::Named(id) = &choice.ty else { panic!("{choice:?}") };
    let TypeKind::Choice(c) = &model.ty(*id).kind else { panic!("{:?}", model.ty(*id)) };
    let variants: Vec<(&str, FieldKind)> = c.variants.iter().map(|v| (v.name.as_str(), v.kind)).collect();
    assert_eq!(variants, [("IdAndRevision", FieldKind::Group), ("Name", FieldKind::Element)]);
    let TypeRef::Named(group) = &c.variants[0].ty else { panic!("{:?}", c.variants[0]) };
    let TypeKind::Complex(record) = &model.ty(*group).kind else { panic!("{:?}", model.ty(*group)) };
    assert_eq!(model.ty(*group).name.local, "PingIdAndRevision");
    assert_eq!(field_names(record), ["Id", "Revision"]);
    assert!(record.fields.iter().all(|f| f.occurs == Occurs::ONE), "{:?}", record.fields);
    let strict = wsdl::LoadOptions { strict: true, ..options(&dir) };
    assert!(wsdl::load(&wsdl::top_level_wsdls(&dir), &strict).is_ok());
}
