//! Hostile responses to the client (found by `fuzz/`, target `decode_response`).

use kandy_core::KandyApi;
use std::net::SocketAddr;

/// Serves one canned HTTP response to every connection, on a thread of its own.
fn canned_server(body: &'static str, http: u16) -> SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let response = format!(
                "HTTP/1.1 {http} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    addr
}

/// A Kandy error message in French (`clé=…`) must come back as the API error it is.
///
/// Found by the `decode_response` fuzz target: the client's scrubbing of response text once
/// sliced inside a multi-byte character before a `=` and panicked.
#[test]
fn the_client_returns_an_api_error_whose_message_has_a_non_ascii_character_before_an_equals_sign() {
    let addr = canned_server(r#"{"status":55,"message":"clé=inconnue"}"#, 401);
    let client = kandy_http::KandyClient::builder()
        .base_url(format!("http://{addr}/v1.2/"))
        .build()
        .expect("a client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let token = kandy_core::UserAccessToken::new(format!("UAT{}", "5e".repeat(16)));
    let call = async move { client.get_devices(token).await };
    let outcome = runtime.block_on(async { tokio::spawn(call).await });
    match outcome {
        Err(join) if join.is_panic() => panic!(
            "the client panicked decoding the error envelope \
             {{\"status\":55,\"message\":\"clé=inconnue\"}}; it must return the API error"
        ),
        Err(join) => panic!("the call did not finish: {join}"),
        Ok(result) => {
            let error = result.expect_err("status 55 is an error");
            assert_eq!(
                error.api_status(),
                Some(kandy::ApiStatus::INVALID_CREDENTIALS),
                "{error}"
            );
            assert!(error.to_string().contains("clé"), "{error}");
        }
    }
}
