//! Files kept gzip-compressed in memory: what `serve` holds of the pages
//! that list learners (the CSV and JSON exports alone are over 100 MB
//! uncompressed at 10,000 learners). Each file is compressed as it is
//! rendered, on the thread that rendered it, so the site is never held
//! uncompressed; the server sends the compressed bytes to a browser that
//! accepts gzip and unpacks them for one that does not, so either way the
//! bytes are those `build` writes.

use std::io::{Read as _, Write as _};
use std::sync::Mutex;

use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::render::{Files, Sink};

/// A sink that keeps each file gzip-compressed (see [`pack`]).
#[derive(Default)]
pub struct Packed(Mutex<Files>);

impl Packed {
    /// The files put, each compressed.
    pub fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Packed {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.put_ref(path, &bytes);
    }

    fn put_ref(&self, path: String, bytes: &[u8]) {
        let packed = pack(bytes);
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path, packed);
    }
}

/// `bytes` as a gzip stream: the same bytes for the same input (no time or
/// name in the header), so that equal files stay equal when packed. The
/// fastest level: files are packed on every rebuild, and its ratio on the
/// site's text is close to the best level's.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    let mut gz: GzEncoder<Vec<u8>> =
        GzBuilder::new().mtime(0).write(Vec::with_capacity(bytes.len() / 4 + 64), Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(bytes);
    gz.finish().unwrap_or_default()
}

/// The bytes [`pack`] was given.
pub fn unpack(packed: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(packed.len() * 4);
    flate2::read::GzDecoder::new(packed).read_to_end(&mut out)?;
    Ok(out)
}

/// Whether a request's `Accept-Encoding` value takes gzip (RFC 9110 §12.5.3):
/// `gzip` or `*` with a weight above zero, unless `gzip` itself is weighted zero.
pub fn accepts_gzip(value: &str) -> bool {
    let mut star = false;
    for item in value.split(',') {
        let mut fields = item.split(';');
        let coding = fields.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = fields
            .filter_map(|f| f.trim().strip_prefix("q=").or_else(|| f.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => return weight > 0.0,
            "*" => star = weight > 0.0,
            _ => {}
        }
    }
    star
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_the_bytes_and_is_the_same_every_time() {
        for bytes in [&b""[..], b"a", "한국어 <p>page</p>\n".repeat(1000).as_bytes()] {
            let packed = pack(bytes);
            assert_eq!(unpack(&packed).unwrap(), bytes);
            assert_eq!(pack(bytes), packed, "deterministic");
        }
        let text = "name,week,task,status\n".repeat(5000);
        assert!(pack(text.as_bytes()).len() * 20 < text.len(), "text packs small");
    }

    #[test]
    fn a_sink_of_packed_files() {
        let sink = Packed::default();
        sink.put("a.csv".into(), b"x,y\n".to_vec());
        sink.put_ref("b.html".into(), b"<p>b</p>");
        let files = sink.into_files();
        assert_eq!(unpack(&files["a.csv"]).unwrap(), b"x,y\n");
        assert_eq!(unpack(&files["b.html"]).unwrap(), b"<p>b</p>");
    }

    #[test]
    fn which_requests_take_gzip() {
        for yes in ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "GZIP", "x-gzip", "*", "deflate, *;q=0.1"] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in ["", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.0", "*;q=0", "*, gzip;q=0", "gzipx"] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
