//! Files kept gzip-compressed in memory: what `serve` holds of the pages
//! that list learners, and the exports it renders when they are asked for
//! ([`Pieces`]: over 100 MB uncompressed at 10,000 learners). Each file is
//! compressed as it is rendered, on the thread that rendered it, so the
//! site is never held uncompressed; the server sends the compressed bytes
//! to a browser that accepts gzip and unpacks them for one that does not,
//! so either way the bytes are those `build` writes.

use std::io::{Read, Write};
use std::sync::Mutex;

use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::render::{Files, Sink};

/// What is handed each file a [`Packed`] keeps: its path and packed bytes.
pub type Each<'a> = &'a (dyn Fn(&str, &[u8]) + Sync);

/// A sink that keeps each file gzip-compressed (see [`pack`]), and hands
/// each one, as it is put, to what [`Packed::each`] says.
#[derive(Default)]
pub struct Packed<'a> {
    files: Mutex<Files>,
    each: Option<Each<'a>>,
}

impl<'a> Packed<'a> {
    /// A sink that also hands each file, compressed, to `each` as it is put.
    pub fn each(each: Each<'a>) -> Packed<'a> {
        Packed { files: Mutex::default(), each: Some(each) }
    }

    /// The files put, each compressed.
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Packed<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.put_ref(path, &bytes);
    }

    fn put_ref(&self, path: String, bytes: &[u8]) {
        self.keep(path, pack(bytes));
    }
}

impl Packed<'_> {
    fn keep(&self, path: String, packed: Vec<u8>) {
        if let Some(each) = self.each {
            each(&path, &packed);
        }
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path, packed);
    }
}

/// How large each piece of a [`Pieces`] is.
const PIECE: usize = 1 << 20;

/// A file gzip-compressed in pieces of a megabyte rather than one buffer:
/// what `serve` makes of an export when it is asked for (hundreds of
/// megabytes uncompressed at 10,000 learners on a long roadmap), sent piece
/// by piece, or unpacked as it is sent to a client that does not take gzip
/// (see [`Pieces::unpacked`]). No piece is ever copied into a larger one.
pub struct Pieces {
    pub pieces: Vec<Vec<u8>>,
    /// The length of the file unpacked.
    pub unpacked_len: u64,
}

impl Pieces {
    /// The file made of `chunks`, in order, packed as [`pack`] packs one buffer.
    pub fn pack(chunks: &mut dyn Iterator<Item = Vec<u8>>) -> Pieces {
        let mut unpacked_len = 0;
        let mut gz = GzBuilder::new().mtime(0).write(PieceWriter::default(), Compression::fast());
        for chunk in chunks {
            unpacked_len += chunk.len() as u64;
            // Writing into memory cannot fail.
            let _ = gz.write_all(&chunk);
        }
        let mut out = gz.finish().unwrap_or_default();
        if !out.piece.is_empty() {
            out.done.push(out.piece);
        }
        Pieces { pieces: out.done, unpacked_len }
    }

    /// The length of the file packed.
    pub fn packed_len(&self) -> u64 {
        self.pieces.iter().map(|p| p.len() as u64).sum()
    }

    /// The file's bytes, unpacked as they are read; each piece is let go of
    /// once read.
    pub fn unpacked(self) -> impl Read + Send {
        flate2::read::GzDecoder::new(PieceReader { pieces: self.pieces.into_iter(), piece: Vec::new(), at: 0 })
    }
}

/// Where [`Pieces::pack`] writes: a new piece once one is full.
#[derive(Default)]
struct PieceWriter {
    done: Vec<Vec<u8>>,
    piece: Vec<u8>,
}

impl Write for PieceWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.piece.capacity() == 0 {
            self.piece.reserve_exact(PIECE);
        }
        let n = buf.len().min(PIECE - self.piece.len());
        self.piece.extend_from_slice(&buf[..n]);
        if self.piece.len() == PIECE {
            self.done.push(std::mem::take(&mut self.piece));
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The pieces of a [`Pieces`] read one after the other.
struct PieceReader {
    pieces: std::vec::IntoIter<Vec<u8>>,
    piece: Vec<u8>,
    at: usize,
}

impl Read for PieceReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.piece.len() {
            match self.pieces.next() {
                Some(piece) => (self.piece, self.at) = (piece, 0),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.piece.len() - self.at);
        buf[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A sink that keeps the one file put as [`Pieces`].
#[derive(Default)]
pub struct OnePieces(Mutex<Option<Pieces>>);

impl OnePieces {
    pub fn into_pieces(self) -> Option<Pieces> {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for OnePieces {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.put_chunks(path, &mut std::iter::once(bytes));
    }

    fn put_chunks(&self, _path: String, chunks: &mut dyn Iterator<Item = Vec<u8>>) {
        let pieces = Pieces::pack(chunks);
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(pieces);
    }
}

/// `bytes` as a gzip stream: the same bytes for the same input (no time or
/// name in the header), so that equal files stay equal when packed. The
/// fastest level: files are packed on every rebuild, and its ratio on the
/// site's text is close to the best level's.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    let mut gz = encoder(bytes.len() / 4 + 64);
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(bytes);
    finish(gz)
}

/// The stream `gz` wrote, without the room its buffer grew beyond it: the
/// packed files are kept as long as the site is served, and the site's text
/// packs to a tenth of its size or less.
fn finish(gz: GzEncoder<Vec<u8>>) -> Vec<u8> {
    let mut packed = gz.finish().unwrap_or_default();
    packed.shrink_to_fit();
    packed
}

/// What [`pack`] packs with, into a buffer of `capacity` bytes.
fn encoder(capacity: usize) -> GzEncoder<Vec<u8>> {
    GzBuilder::new().mtime(0).write(Vec::with_capacity(capacity), Compression::fast())
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

    /// An export of several megabytes packed in pieces: none over a
    /// megabyte, and the bytes back, unpacked as they are read.
    #[test]
    fn a_file_packed_in_pieces_reads_back_whole() {
        // Rows that pack poorly (as evidence links do), so that it takes pieces.
        let rows: Vec<Vec<u8>> = (0u64..200_000)
            .map(|i| format!("kim-{i},{:x},done\r\n", i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).into_bytes())
            .collect();
        let whole: Vec<u8> = rows.concat();
        let pieces = Pieces::pack(&mut rows.into_iter());
        assert!(pieces.pieces.len() > 1 && pieces.pieces.iter().all(|p| p.len() <= PIECE), "{}", pieces.pieces.len());
        assert_eq!(pieces.unpacked_len, whole.len() as u64);
        assert_eq!(pieces.packed_len(), pieces.pieces.iter().map(|p| p.len() as u64).sum::<u64>());
        assert_eq!(unpack(&pieces.pieces.concat()).unwrap(), whole, "one gzip stream");
        let mut back = Vec::new();
        pieces.unpacked().read_to_end(&mut back).unwrap();
        assert_eq!(back, whole);
        let empty = Pieces::pack(&mut std::iter::empty());
        assert_eq!((empty.unpacked_len, unpack(&empty.pieces.concat()).unwrap()), (0, Vec::new()));
    }

    #[test]
    fn a_sink_of_packed_files() {
        let sink = Packed::default();
        sink.put("a.csv".into(), b"x,y\n".to_vec());
        sink.put_ref("b.html".into(), b"<p>b</p>");
        sink.put_chunks("c.json".into(), &mut [b"{".to_vec(), Vec::new(), b"}\n".to_vec()].into_iter());
        let files = sink.into_files();
        assert_eq!(unpack(&files["a.csv"]).unwrap(), b"x,y\n");
        assert_eq!(files["c.json"], pack(b"{}\n"), "a file put in pieces packs as the whole file");
        assert_eq!(unpack(&files["b.html"]).unwrap(), b"<p>b</p>");
    }

    #[test]
    fn a_sink_that_hands_on_each_file_as_it_is_put() {
        let seen = Mutex::new(Vec::new());
        let each = |path: &str, packed: &[u8]| seen.lock().unwrap().push((path.to_string(), unpack(packed).unwrap()));
        let sink = Packed::each(&each);
        sink.put("index.html".into(), b"<p>first</p>".to_vec());
        sink.put_ref("b.csv".into(), b"x");
        let files = sink.into_files();
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen, [("index.html".to_string(), b"<p>first</p>".to_vec()), ("b.csv".to_string(), b"x".to_vec())]);
        assert_eq!(unpack(&files["index.html"]).unwrap(), b"<p>first</p>");
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
