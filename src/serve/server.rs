//! The HTTP side of `serve`: answers from the site built in memory (never
//! from disk), injects the live-reload script — and, while a file is broken,
//! the error overlay — into served pages only, and tells open pages over
//! Server-Sent Events when to reload. The learners' own pages, badges and
//! calendars, and the exports, are not kept: each is rendered when it is
//! asked for, from the model of the last good build ([`OnRequest`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::watch;

use crate::html::esc;

use super::page::inject;
use super::RESERVED;
use crate::pipeline::packed;
use crate::pipeline::rebuild::{self, OnRequest, Rebuilt, Stage};

const LIVERELOAD_JS: &str = include_str!("../../themes/default/serve/livereload.js");
const OVERLAY_CSS: &str = include_str!("../../themes/default/serve/overlay.css");
const OVERLAY_HTML: &str = include_str!("../../themes/default/serve/overlay.html");
const EMPTY_HTML: &str = include_str!("../../themes/default/serve/empty.html");

/// One state of what is served.
#[derive(Clone)]
struct Site {
    /// Gzip-compressed when [`Site::packed`] (see [`crate::pipeline::packed`]).
    files: BTreeMap<String, Bytes>,
    /// Whether `files` are kept compressed (those of a [`rebuild::Builder::serving`]).
    packed: bool,
    /// The error overlay (HTML) while the last rebuild failed.
    overlay: Option<String>,
    /// Changes with every new state; pages carry the version they show.
    version: String,
    /// The path of `base_url` (e.g. `/devops-study/`): 404.html links there,
    /// so the site is also served under it, as GitHub Pages would.
    prefix: Option<String>,
    /// The site's language (`ko`, `en`): what the overlay and the empty page are written in.
    lang: String,
    /// The pages of a build under way, published one by one (see [`Stage`]):
    /// a request for one not there yet waits for it.
    staged: bool,
}

impl Site {
    fn has(&self, key: &str) -> bool {
        self.files.contains_key(key) || (!self.staged && self.files.is_empty() && key == "index.html")
    }
}

/// Shared by the rebuild thread (which publishes) and the server (which reads).
pub struct Hub {
    site: RwLock<Arc<Site>>,
    /// While a build publishes its pages one by one: what is served instead
    /// of `site` (see [`Stage`]). From the start, until the first build is
    /// published: requests wait for its pages rather than see none.
    staged: RwLock<Option<Arc<Site>>>,
    /// Changes with each page staged and when staging ends, so that the
    /// requests waiting for a page look again.
    restaged: watch::Sender<u64>,
    /// The learners' own files and the exports, rendered on request (those
    /// of a build that holds them are in `site`).
    on_request: Option<OnRequest>,
    versions: watch::Sender<String>,
    closing: watch::Sender<bool>,
    boot: u64,
    counter: AtomicU64,
}

impl Hub {
    /// A hub whose published builds hold every file.
    pub fn new() -> Arc<Hub> {
        Hub::with_on_request(None)
    }

    /// A hub for the builds of a [`rebuild::Builder::serving`], which leave
    /// out the learners' own files and the exports (`on_request` renders
    /// them) and keep the
    /// others gzip-compressed.
    pub fn serving(on_request: OnRequest) -> Arc<Hub> {
        Hub::with_on_request(Some(on_request))
    }

    fn with_on_request(on_request: Option<OnRequest>) -> Arc<Hub> {
        let boot = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64 & 0xffff_ffff);
        let version = format!("{boot:x}-0");
        let packed = on_request.is_some();
        let site = Site {
            files: BTreeMap::new(),
            packed,
            overlay: None,
            version: version.clone(),
            prefix: None,
            lang: "en".into(),
            staged: false,
        };
        // A serving build stages its pages, the first build's too.
        let staged = packed.then(|| Arc::new(Site { staged: true, ..site.clone() }));
        Arc::new(Hub {
            site: RwLock::new(Arc::new(site)),
            staged: RwLock::new(staged),
            restaged: watch::channel(0).0,
            on_request,
            versions: watch::channel(version).0,
            closing: watch::channel(false).0,
            boot,
            counter: AtomicU64::new(0),
        })
    }

    /// Whether `key` is a file of the site as last published.
    fn has(&self, site: &Site, key: &str) -> bool {
        site.has(key) || self.on_request.as_ref().is_some_and(|l| l.has(key))
    }

    /// What is served now: the pages staged so far while a build stages
    /// them, else the site last published.
    fn current(&self) -> Arc<Site> {
        let staged = self.staged.read().unwrap_or_else(PoisonError::into_inner).clone();
        staged.unwrap_or_else(|| self.published())
    }

    /// The site last published (the last good one, with its overlay).
    fn published(&self) -> Arc<Site> {
        self.site.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// A version no state had.
    fn next_version(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{:x}-{n}", self.boot)
    }

    /// Serve `files` from now on, and end the staging of a build under
    /// way. With `staged_version`, the pages are those the build staged,
    /// and keep the version they were served with (the pages open reloaded
    /// when it began); else open pages reload.
    fn publish(
        &self,
        files: BTreeMap<String, Bytes>,
        overlay: Option<String>,
        prefix: Option<String>,
        lang: String,
        staged_version: bool,
    ) {
        let staged = self.staged.write().unwrap_or_else(PoisonError::into_inner).take();
        let kept = staged.filter(|_| staged_version).map(|s| s.version.clone());
        let version = kept.clone().unwrap_or_else(|| self.next_version());
        let packed = self.on_request.is_some();
        let site = Arc::new(Site { files, packed, overlay, version: version.clone(), prefix, lang, staged: false });
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = site;
        self.restaged.send_modify(|n| *n += 1);
        if kept.is_none() {
            self.versions.send_replace(version);
        }
    }

    /// A rebuild succeeded: serve its result, drop the overlay, reload pages.
    pub fn publish_rebuilt(&self, rebuilt: Rebuilt, prefix: Option<String>) {
        let whole = matches!(rebuilt, Rebuilt::Full(_));
        let files = match rebuilt {
            Rebuilt::Full(files) => files.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect(),
            Rebuilt::Partial { files, learners, removed } => {
                let mut map = self.published().files.clone();
                for id in &learners {
                    map.remove(&rebuild::learner_page(id));
                    map.remove(&rebuild::badge(id));
                    map.remove(&crate::render::urls::calendar_url(Some(id)));
                }
                for path in &removed {
                    map.remove(path);
                }
                map.extend(files.into_iter().map(|(k, v)| (k, Bytes::from(v))));
                map
            }
        };
        let lang = self.published().lang.clone();
        self.publish(files, None, prefix, lang, whole);
    }

    /// A rebuild failed: keep the last good site, show `report` (the
    /// diagnostics as `check` prints them) over every page, reload pages.
    /// `lang` is the site's language, which the overlay's own words are in;
    /// `summary` is already in it.
    pub fn publish_errors(&self, lang: &str, summary: &str, report: &str) {
        let old = self.published();
        let words = crate::render::theme::builtin_strings(lang);
        let word = |key: &str| words.get(key).map_or("", String::as_str);
        let overlay = OVERLAY_HTML
            .replace("{lang}", &esc(lang))
            .replace("{title}", &esc(&word("serve_overlay_title").replace("{summary}", summary)))
            .replace("{note}", &esc(word("serve_overlay_note")))
            .replace("{diagnostics}", &esc(report.trim_end()));
        self.publish(old.files.clone(), Some(overlay), old.prefix.clone(), lang.to_string(), false);
    }

    /// End the event streams so that the server can stop.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

impl Stage for Hub {
    fn begin(&self, prefix: Option<String>) {
        // The new site's version from now on: open pages reload at once,
        // into the new learners' pages and the pages that list learners as
        // each comes (once more only if the build fails, with the errors).
        let last = self.published();
        let version = self.next_version();
        let site = Site {
            files: BTreeMap::new(),
            packed: true,
            overlay: None,
            version: version.clone(),
            prefix,
            lang: last.lang.clone(),
            staged: true,
        };
        *self.staged.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(site));
        self.restaged.send_modify(|n| *n += 1);
        self.versions.send_replace(version);
    }

    fn page(&self, path: &str, packed: &[u8]) {
        // A page is copied to be served at once; a file of megabytes even
        // packed is not (the exports were, before they were rendered on
        // request): a request for one waits the moment until the build is
        // published, rather than the copy doubling what it weighs.
        if packed.len() > STAGED_MAX {
            return;
        }
        if let Some(site) = self.staged.write().unwrap_or_else(PoisonError::into_inner).as_mut() {
            Arc::make_mut(site).files.insert(path.to_string(), Bytes::copy_from_slice(packed));
        }
        self.restaged.send_modify(|n| *n += 1);
    }
}

/// The largest packed file served while its build is still under way (see
/// [`Hub::page`]): a page packs to tens of kilobytes at most.
const STAGED_MAX: usize = 1 << 20;

/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// What the request handler shares: the site and who may ask for it.
struct App {
    hub: Arc<Hub>,
    /// The name given with `--host`, lowercased, when it is not loopback.
    host: Option<String>,
}

/// Serve until `stop` completes, then give open connections a short grace
/// period and drop whatever is left (an idle or half-open client cannot keep
/// the process alive). `host` is the name given with `--host`: requests must
/// name it, a loopback address, `localhost` or `*.localhost` in `Host`.
pub async fn run(
    listener: tokio::net::TcpListener,
    hub: Arc<Hub>,
    host: &str,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let host = normal_host(host);
    let app = Router::new().fallback(handle).with_state(Arc::new(App { hub: hub.clone(), host }));
    let (closing_tx, closing_rx) = watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        // Out of file descriptors and the like: wait, do not spin.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let service = TowerToHyperService::new(app.clone());
                let mut closing = closing_rx.clone();
                connections.spawn(async move {
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => return,
                        _ = closing.changed() => conn.as_mut().graceful_shutdown(),
                    }
                    let _ = conn.await;
                });
            }
        }
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    hub.close();
    closing_tx.send_replace(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async { while connections.join_next().await.is_some() {} }).await;
    connections.abort_all();
    Ok(())
}

/// A host name as compared: lowercase, without a trailing dot or brackets.
fn normal_host(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).map(str::to_string).unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

/// Whether `name` (a host without port) is loopback: 127.0.0.0/8, ::1,
/// `localhost` or a name under `.localhost` (RFC 6761).
pub fn is_loopback(name: &str) -> bool {
    let Some(name) = normal_host(name) else { return false };
    if let Ok(ip) = name.parse::<std::net::IpAddr>() {
        return ip.is_loopback();
    }
    name == "localhost" || name.ends_with(".localhost")
}

/// The host of a `Host` header value (`name`, `name:port`, `[v6]:port`),
/// or `None` when it is malformed.
fn host_of(value: &str) -> Option<&str> {
    if let Some(rest) = value.strip_prefix('[') {
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        return Some(&rest[..end]);
    }
    let host = match value.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return None,
        None => value,
    };
    let ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    ok.then_some(host)
}

/// Whether a request naming `value` in its `Host` header may be answered.
pub fn host_allowed(value: &str, allowed: Option<&str>) -> bool {
    let Some(host) = host_of(value.trim()) else { return false };
    if is_loopback(host) {
        return true;
    }
    matches!((normal_host(host), allowed), (Some(h), Some(a)) if h == a)
}

/// Whether an `Origin` header (`scheme://host[:port]`) names an allowed host.
pub fn origin_allowed(value: &str, allowed: Option<&str>) -> bool {
    let Some((scheme, rest)) = value.trim().split_once("://") else { return false };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    host_allowed(rest.trim_end_matches('/'), allowed)
}

fn forbidden() -> Response {
    plain(StatusCode::FORBIDDEN, "forbidden: this server answers only requests for its own address\n", &[])
}

async fn handle(State(app): State<Arc<App>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let allowed = app.host.as_deref();
    let host_ok = match headers.get(header::HOST).map(HeaderValue::to_str) {
        Some(Ok(h)) => host_allowed(h, allowed),
        _ => false,
    };
    let authority_ok = uri.authority().is_none_or(|a| host_allowed(a.as_str(), allowed));
    if !host_ok || !authority_ok {
        return forbidden();
    }
    let hub = &app.hub;
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n", &[(header::ALLOW, "GET, HEAD")]);
    }
    let gzip = headers.get_all(header::ACCEPT_ENCODING).iter().any(|v| v.to_str().is_ok_and(packed::accepts_gzip));
    let mut restaged = hub.restaged.subscribe();
    let mut closing = hub.closing.subscribe();
    let (site, resolved) = loop {
        let site = hub.current();
        let resolved = may_block(|| resolve(uri.path(), site.prefix.as_deref(), |k| hub.has(&site, k)));
        if !site.staged || !matches!(resolved.target, Target::NotFound) {
            break (site, resolved);
        }
        // A page of the build under way not rendered yet, or none of it:
        // wait for the next page, or for the whole site.
        tokio::select! {
            changed = restaged.changed() => if changed.is_err() { break (site, resolved) },
            _ = closing.changed() => break (site, resolved),
        }
    };
    let depth = resolved.depth;
    match resolved.target {
        Target::Reserved(name) => match name.as_str() {
            "livereload.js" => asset("text/javascript; charset=utf-8", LIVERELOAD_JS),
            "overlay.css" => asset("text/css; charset=utf-8", OVERLAY_CSS),
            "events" => {
                let origin_ok = match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
                    None => true,
                    Some(Ok(o)) => origin_allowed(o, allowed),
                    Some(Err(_)) => false,
                };
                if origin_ok {
                    events(hub)
                } else {
                    forbidden()
                }
            }
            _ => not_found(&site, depth),
        },
        Target::File(key) if crate::render::is_export(&key) && !site.files.contains_key(&key) => {
            export(hub, &key, gzip).await
        }
        Target::File(key) => match bytes_of(hub, &site, &key, depth).await {
            Ok((bytes, packed)) => file(&site, &key, Stored { bytes, packed, gzip }, depth, StatusCode::OK),
            Err(problem) => problem,
        },
        Target::Redirect(mut location) => {
            if let Some(q) = uri.query() {
                location = format!("{location}?{q}");
            }
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Target::NotFound => not_found(&site, depth),
        Target::BadRequest => plain(StatusCode::BAD_REQUEST, "bad request path\n", &[]),
    }
}

/// Run `f`, which may wait for the site a rebuild replaces (whether a
/// learner's file or an export is there: the render of an export holds it
/// for seconds at 10,000 learners, and a rebuild waits for that), without
/// holding up the other requests this thread serves.
fn may_block<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

fn plain(status: StatusCode, text: &'static str, extra: &[(header::HeaderName, &'static str)]) -> Response {
    let mut r = (status, text).into_response();
    for (k, v) in extra {
        r.headers_mut().insert(k.clone(), HeaderValue::from_static(v));
    }
    r
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    let mut r = Response::new(Body::from(text));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

fn not_found(site: &Site, depth: usize) -> Response {
    if let Some(bytes) = site.files.get("404.html") {
        let stored = Stored { bytes: bytes.clone(), packed: site.packed, gzip: false };
        file(site, "404.html", stored, depth, StatusCode::NOT_FOUND)
    } else {
        not_built(site, "404.html", depth, StatusCode::NOT_FOUND)
    }
}

/// The page that says the site (or this page of it) could not be built: the
/// overlay above it says why, and it reloads by itself once it can be.
fn not_built(site: &Site, key: &str, depth: usize, status: StatusCode) -> Response {
    let words = crate::render::theme::builtin_strings(&site.lang);
    let word = |key: &str| esc(words.get(key).map_or("", String::as_str));
    let page = EMPTY_HTML
        .replace("{lang}", &esc(&site.lang))
        .replace("{title}", &word("serve_not_built_title"))
        .replace("{note}", &word("serve_not_built_note"));
    let body = inject(page.as_bytes(), depth, &site.version, site.overlay.as_deref());
    respond(status, key, body.into())
}

/// The bytes of the site's file `key`, and whether they are compressed:
/// kept, or a learner's own file rendered now (off the server's threads: it
/// waits while a rebuild changes the site); the page that says the site is
/// not built yet when there is none, or when the page cannot be rendered
/// (its learner's file broken while the last good site is served), with
/// the overlay that says why.
async fn bytes_of(hub: &Arc<Hub>, site: &Site, key: &str, depth: usize) -> Result<(Bytes, bool), Response> {
    if let Some(b) = site.files.get(key) {
        return Ok((b.clone(), site.packed));
    }
    let Some(on_request) = hub.on_request.clone() else { return Err(not_built(site, key, depth, StatusCode::OK)) };
    let path = key.to_string();
    match tokio::task::spawn_blocking(move || on_request.render(&path)).await {
        Ok(Some(Ok(bytes))) => Ok((Bytes::from(bytes), false)),
        Ok(None) => Err(not_built(site, key, depth, StatusCode::OK)),
        Ok(Some(Err(_))) | Err(_) if key.ends_with(".html") => {
            Err(not_built(site, key, depth, StatusCode::INTERNAL_SERVER_ERROR))
        }
        Ok(Some(Err(_))) | Err(_) => {
            Err(plain(StatusCode::INTERNAL_SERVER_ERROR, "this page could not be rendered\n", &[]))
        }
    }
}

/// An export rendered now, off the server's threads (see
/// [`OnRequest::export`]), and sent as it was packed, piece by piece, or
/// unpacked as it is sent to a client that does not take gzip: never held
/// whole, packed or not (hundreds of megabytes at 10,000 learners on a
/// long roadmap).
async fn export(hub: &Arc<Hub>, key: &str, gzip: bool) -> Response {
    let unavailable = || {
        plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the exports are made again once the site builds: see the errors on its pages\n",
            &[],
        )
    };
    let Some(on_request) = hub.on_request.clone() else { return unavailable() };
    let path = key.to_string();
    let Ok(Some(pieces)) = tokio::task::spawn_blocking(move || on_request.export(&path)).await else {
        return unavailable();
    };
    let (body, len) = if gzip {
        let len = pieces.packed_len();
        let pieces = pieces.pieces.into_iter().map(|p| Ok::<_, Infallible>(Bytes::from(p)));
        (Body::from_stream(futures_util::stream::iter(pieces)), len)
    } else {
        let len = pieces.unpacked_len;
        // A read that fails (it cannot: the pieces were packed by this
        // process) ends the answer with an error, not short of its length.
        let stream = futures_util::stream::unfold(Some(pieces.unpacked()), |reader| async move {
            let mut reader = reader?;
            let mut buf = vec![0; 64 << 10];
            match std::io::Read::read(&mut reader, &mut buf) {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(Bytes::from(buf)), Some(reader)))
                }
                Err(e) => Some((Err(e), None)),
            }
        });
        (Body::from_stream(stream), len)
    };
    let mut r = respond_with(StatusCode::OK, key, body);
    r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if gzip {
        r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    vary(r, true)
}

/// A file's bytes as kept, and how they may be sent.
struct Stored {
    bytes: Bytes,
    /// Kept gzip-compressed.
    packed: bool,
    /// The request accepts gzip.
    gzip: bool,
}

fn file(site: &Site, key: &str, stored: Stored, depth: usize, status: StatusCode) -> Response {
    let html = key.ends_with(".html");
    // Pages get the live-reload script, so they are sent as they are made;
    // other files as kept when the browser takes gzip, else unpacked: the
    // same bytes as `build` writes either way.
    if stored.packed && (html || !stored.gzip) {
        let Ok(bytes) = packed::unpack(&stored.bytes) else {
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "this file could not be read\n", &[]);
        };
        let unpacked = Stored { bytes: bytes.into(), packed: false, gzip: stored.gzip };
        return vary(file(site, key, unpacked, depth, status), !html);
    }
    if html {
        return respond(status, key, Bytes::from(inject(&stored.bytes, depth, &site.version, site.overlay.as_deref())));
    }
    let mut r = respond(status, key, stored.bytes);
    if stored.packed {
        r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r = vary(r, true);
    }
    r
}

/// Say that the answer depends on `Accept-Encoding`, when it does.
fn vary(mut r: Response, varies: bool) -> Response {
    if varies {
        r.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    r
}

fn respond(status: StatusCode, key: &str, body: Bytes) -> Response {
    respond_with(status, key, Body::from(body))
}

fn respond_with(status: StatusCode, key: &str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        match content_type(key) {
            Cow::Borrowed(ct) => HeaderValue::from_static(ct),
            Cow::Owned(ct) => HeaderValue::try_from(ct).unwrap_or(HeaderValue::from_static("application/octet-stream")),
        },
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// The live-reload stream: the current version at once, then every new one.
fn events(hub: &Hub) -> Response {
    let versions = hub.versions.subscribe();
    let closing = hub.closing.subscribe();
    let stream =
        futures_util::stream::unfold((versions, closing, true), |(mut versions, mut closing, first)| async move {
            if *closing.borrow() {
                return None;
            }
            if !first {
                tokio::select! {
                    changed = versions.changed() => changed.ok()?,
                    _ = closing.changed() => return None,
                }
            }
            let version = versions.borrow_and_update().clone();
            let event = Event::default().retry(Duration::from_millis(500)).data(version);
            Some((Ok::<_, Infallible>(event), (versions, closing, false)))
        });
    let mut r = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A file's `Content-Type`, guessed from its extension by `mime_guess`.
/// Text is always UTF-8 here, so text types say so.
pub fn content_type(path: &str) -> Cow<'static, str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    // The feed is Atom, which its extension does not say; GitHub Pages'
    // extensionless files are text.
    if name == "feed.xml" {
        return Cow::Borrowed("application/atom+xml; charset=utf-8");
    }
    if name == "CNAME" || name == ".nojekyll" {
        return Cow::Borrowed("text/plain; charset=utf-8");
    }
    let ext = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    let mime = match ext.as_str() {
        // RFC 9239's type for scripts, RFC 7303's for XML and RFC 8081's
        // for WOFF, where the guess is an older one; Markdown is shown as
        // text, not downloaded.
        "js" | "mjs" => "text/javascript",
        "xml" => "application/xml",
        "woff" => "font/woff",
        "md" => "text/plain",
        _ => mime_guess::from_ext(&ext).first_raw().unwrap_or("application/octet-stream"),
    };
    if mime.starts_with("text/") || mime == "application/xml" {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its key in the built files.
    File(String),
    /// `serve`'s own files: `…/__waymark/<name>`.
    Reserved(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the site or is not a path at all.
    BadRequest,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Resolved {
    pub target: Target,
    /// How many folders deep the requested URL is: relative links from the
    /// answer (e.g. to the live-reload script) climb this many levels.
    pub depth: usize,
}

/// Map a raw (still percent-encoded) request path to what to answer. Only
/// keys of the built site can come out; `..`, `.`, encoded slashes and
/// backslashes, NUL and invalid encodings are refused outright.
pub fn resolve(raw: &str, prefix: Option<&str>, has: impl Fn(&str) -> bool) -> Resolved {
    let depth = raw.matches('/').count().saturating_sub(1);
    let found = target(raw, &has);
    let target = match (found, prefix) {
        (Target::NotFound, Some(p)) if p != "/" && p.starts_with('/') && p.ends_with('/') => {
            if raw == p.trim_end_matches('/') {
                Target::Redirect(p.to_string())
            } else if let Some(rest) = raw.strip_prefix(p) {
                target(&format!("/{rest}"), &has)
            } else {
                Target::NotFound
            }
        }
        (t, _) => t,
    };
    Resolved { target, depth }
}

fn target(raw: &str, has: &impl Fn(&str) -> bool) -> Target {
    let Some(path) = raw.strip_prefix('/') else { return Target::BadRequest };
    let mut segments = Vec::new();
    for seg in path.split('/') {
        let Some(bytes) = percent_decode(seg) else { return Target::BadRequest };
        let Ok(seg) = String::from_utf8(bytes) else { return Target::BadRequest };
        if seg == ".." || seg == "." || seg.contains(['/', '\\', '\0']) || seg.chars().any(char::is_control) {
            return Target::BadRequest;
        }
        segments.push(seg);
    }
    let (last, dirs) = match segments.split_last() {
        Some((last, dirs)) => (last.as_str(), dirs),
        None => return Target::BadRequest,
    };
    if dirs.iter().any(String::is_empty) {
        return Target::NotFound;
    }
    if let [.., folder] = dirs {
        if folder == RESERVED && !last.is_empty() {
            return Target::Reserved(last.to_string());
        }
    }
    let joined = segments.join("/");
    if last.is_empty() {
        let key = format!("{joined}index.html");
        return if has(&key) { Target::File(key) } else { Target::NotFound };
    }
    if has(&joined) {
        Target::File(joined)
    } else if has(&format!("{joined}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// `%XX` → byte; `None` for a `%` not followed by two hex digits, which
/// `percent-encoding` would pass through as it is but which makes a request
/// path malformed.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let well_formed = b
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b'%')
        .all(|(i, _)| b.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    well_formed.then(|| percent_encoding::percent_decode(b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Files;

    fn keys(files: &Files) -> impl Fn(&str) -> bool + '_ {
        |k| files.contains_key(k)
    }

    fn site() -> Files {
        ["index.html", "learners/kim/index.html", "assets/style.css", "404.html", "feed.xml"]
            .iter()
            .map(|k| (k.to_string(), Vec::new()))
            .collect()
    }

    fn t(raw: &str) -> Target {
        let files = site();
        resolve(raw, Some("/devops-study/"), keys(&files)).target
    }

    #[test]
    fn folders_files_and_redirects() {
        assert_eq!(t("/"), Target::File("index.html".into()));
        assert_eq!(t("/index.html"), Target::File("index.html".into()));
        assert_eq!(t("/learners/kim/"), Target::File("learners/kim/index.html".into()));
        assert_eq!(t("/learners/kim"), Target::Redirect("/learners/kim/".into()));
        assert_eq!(t("/learners/kim/index.html"), Target::File("learners/kim/index.html".into()));
        assert_eq!(t("/assets/style.css"), Target::File("assets/style.css".into()));
        assert_eq!(t("/learners/nobody/"), Target::NotFound);
        assert_eq!(t("/learners/"), Target::NotFound);
        assert_eq!(t("/learners//kim/"), Target::NotFound);
        // Percent-encoded names are decoded (the site has only plain names).
        assert_eq!(t("/learners/%6bim/"), Target::File("learners/kim/index.html".into()));
        assert_eq!(t("/learners/%6B%69m/"), Target::File("learners/kim/index.html".into()));
    }

    #[test]
    fn the_site_is_also_served_under_the_path_of_base_url() {
        assert_eq!(t("/devops-study/"), Target::File("index.html".into()));
        assert_eq!(t("/devops-study"), Target::Redirect("/devops-study/".into()));
        assert_eq!(t("/devops-study/assets/style.css"), Target::File("assets/style.css".into()));
        assert_eq!(t("/devops-study/../etc/passwd"), Target::BadRequest);
    }

    #[test]
    fn no_path_leaves_the_site() {
        for raw in [
            "/../etc/passwd",
            "/..",
            "/learners/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/learners%2f..%2f..%2fetc%2fpasswd",
            "/learners%2Fkim%2Findex.html",
            "/..%5c..%5cwindows%5cwin.ini",
            "/learners\\..\\..\\x",
            "/%00",
            "/index.html%00.css",
            "/%zz",
            "/%",
            "/a%2",
            "/%%41",
            "/index.html%",
            "/%ff",
            "/%c3%28",
            "/./index.html",
            "relative",
            "",
        ] {
            assert_eq!(t(raw), Target::BadRequest, "{raw}");
        }
        for raw in ["//etc/passwd", "/etc/passwd", "/C:/Windows/win.ini", "/%2Fetc%2Fpasswd/"] {
            assert!(matches!(t(raw), Target::NotFound | Target::BadRequest), "{raw}");
        }
    }

    #[test]
    fn reserved_files_are_found_at_any_depth() {
        assert_eq!(t("/__waymark/livereload.js"), Target::Reserved("livereload.js".into()));
        assert_eq!(t("/learners/kim/__waymark/events"), Target::Reserved("events".into()));
        assert_eq!(t("/__waymark/"), Target::NotFound);
    }

    #[test]
    fn depth_counts_the_folders_of_the_url() {
        let files = site();
        assert_eq!(resolve("/", None, keys(&files)).depth, 0);
        assert_eq!(resolve("/index.html", None, keys(&files)).depth, 0);
        assert_eq!(resolve("/learners/kim/", None, keys(&files)).depth, 2);
        assert_eq!(resolve("/a/b/c", None, keys(&files)).depth, 2);
    }

    /// A request to `hub` as the server answers it: the status and the body.
    async fn ask(hub: &Arc<Hub>, path: &str) -> (StatusCode, String) {
        let app = Arc::new(App { hub: hub.clone(), host: None });
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1"));
        let r = handle(State(app), Method::GET, path.parse().unwrap(), headers).await;
        let status = r.status();
        let body = axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// While a build publishes its pages one by one, each is served as soon
    /// as it comes; a page not there yet is waited for, never the last
    /// site's (which may no longer be true), and a page the new site does
    /// not have is a 404 once it is whole.
    #[test]
    fn a_build_under_way_serves_each_page_as_it_comes_and_never_the_last_sites() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let hub = Hub::new();
            let page = |text: &str| format!("<html><head></head><body>{text}</body></html>").into_bytes();
            let old: Files =
                [("index.html", "old home"), ("weeks/w1/index.html", "old week"), ("gone/index.html", "old gone")]
                    .into_iter()
                    .map(|(p, t)| (p.to_string(), page(t)))
                    .collect();
            hub.publish_rebuilt(Rebuilt::Full(old), None);
            let versions = hub.versions.subscribe();
            hub.begin(None);
            assert!(versions.has_changed().unwrap(), "open pages reload into the new build at once");
            hub.page("index.html", &packed::pack(&page("new home")));
            let (status, body) = ask(&hub, "/").await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("new home"), "{body}");
            // Not rendered yet: the request waits for it.
            let week = tokio::spawn({
                let hub = hub.clone();
                async move { ask(&hub, "/weeks/w1/").await }
            });
            let gone = tokio::spawn({
                let hub = hub.clone();
                async move { ask(&hub, "/gone/").await }
            });
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(!week.is_finished() && !gone.is_finished(), "the last site's page is not served meanwhile");
            hub.page("weeks/w1/index.html", &packed::pack(&page("new week")));
            let (status, body) = week.await.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("new week"), "{body}");
            assert!(!gone.is_finished(), "a page the build may still render is waited for");
            let new: Files = [("index.html", "new home"), ("weeks/w1/index.html", "new week")]
                .into_iter()
                .map(|(p, t)| (p.to_string(), page(t)))
                .collect();
            let version = hub.current().version.clone();
            hub.publish_rebuilt(Rebuilt::Full(new), None);
            assert_eq!(gone.await.unwrap().0, StatusCode::NOT_FOUND);
            assert_eq!(hub.current().version, version, "the pages staged are those published: no second reload");
        });
    }

    /// A file too big to copy while the build is under way (over
    /// [`STAGED_MAX`] packed) is not staged: a request for it waits until
    /// the build is published, and then gets the published bytes.
    #[test]
    fn a_build_under_way_keeps_no_second_copy_of_a_big_file() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let hub = Hub::new();
            let home = b"<html><head></head><body>home</body></html>".to_vec();
            hub.publish_rebuilt(Rebuilt::Full([("index.html".to_string(), home.clone())].into()), None);
            // Rows that do not pack small: more than STAGED_MAX even packed.
            let mut x: u64 = 1;
            let csv: Vec<u8> = (0..STAGED_MAX / 4)
                .flat_map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    format!("{:016x},{:08x}\r\n", x, x >> 40).into_bytes()
                })
                .collect();
            let packed_csv = packed::pack(&csv);
            assert!(packed_csv.len() > STAGED_MAX, "{}", packed_csv.len());
            hub.begin(None);
            hub.page("index.html", &packed::pack(&home));
            hub.page("progress.csv", &packed_csv);
            assert!(!hub.current().files.contains_key("progress.csv"), "not copied while staging");
            let export = tokio::spawn({
                let hub = hub.clone();
                async move { ask(&hub, "/progress.csv").await }
            });
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(!export.is_finished(), "waits for the build");
            let new: Files = [("index.html".to_string(), home), ("progress.csv".to_string(), csv.clone())].into();
            hub.publish_rebuilt(Rebuilt::Full(new), None);
            let (status, body) = export.await.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body.len(), csv.len());
        });
    }

    /// A build that fails after it began staging: the last good site is
    /// served again, with the errors, and open pages reload to show them.
    #[test]
    fn a_build_that_fails_while_staging_serves_the_last_good_site_again() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let hub = Hub::new();
            let old: Files = [("index.html".to_string(), b"<html><head></head><body>old home</body></html>".to_vec())]
                .into_iter()
                .collect();
            hub.publish_rebuilt(Rebuilt::Full(old), None);
            hub.begin(None);
            let staged = hub.current().version.clone();
            hub.publish_errors("en", "1 error", "error: broken");
            let (status, body) = ask(&hub, "/").await;
            assert_eq!(status, StatusCode::OK);
            assert!(body.contains("old home") && body.contains("error: broken"), "{body}");
            assert_ne!(hub.current().version, staged, "open pages reload to show the errors");
        });
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("badges/kim.svg"), "image/svg+xml");
        assert_eq!(content_type("feed.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("progress.json"), "application/json");
        assert_eq!(content_type("progress.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("learners/kim/calendar.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("CNAME"), "text/plain; charset=utf-8");
    }

    /// Every extension the hand-written table knew, with the header it gave:
    /// the guesses of `mime_guess` must not change what the server sends.
    #[test]
    fn content_types_of_every_known_extension() {
        let expected = [
            ("a.html", "text/html; charset=utf-8"),
            ("a.htm", "text/html; charset=utf-8"),
            ("A.HTML", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a/feed.xml", "application/atom+xml; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.ics", "text/calendar; charset=utf-8"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.md", "text/plain; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("a.ico", "image/x-icon"),
            ("a.woff2", "font/woff2"),
            ("a.woff", "font/woff"),
            ("a.pdf", "application/pdf"),
            ("CNAME", "text/plain; charset=utf-8"),
            (".nojekyll", "text/plain; charset=utf-8"),
            ("a.unknown-ext", "application/octet-stream"),
            ("README", "application/octet-stream"),
        ];
        for (path, header) in expected {
            assert_eq!(content_type(path), header, "{path}");
        }
    }

    const PAGE: &str = "<!doctype html>\n<html><head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'\">\n<title>t</title>\n</head>\n<body class=\"x\">\n<p>hi</p>\n</body></html>\n";

    #[test]
    fn served_pages_get_the_script_as_a_file_and_a_csp_that_allows_only_it() {
        let out = String::from_utf8(inject(PAGE.as_bytes(), 2, "v1", None)).unwrap();
        assert!(out.contains("content=\"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; script-src 'self'; connect-src 'self'\""), "{out}");
        assert!(out.contains("<script src=\"../../__waymark/livereload.js?v=v1\" defer></script>\n</head>"), "{out}");
        assert!(!out.contains("unsafe-inline"));
        assert!(!out.contains("waymark-overlay"));
        assert_eq!(out.matches("<script").count(), 1);
    }

    #[test]
    fn the_overlay_goes_right_after_body_and_brings_its_stylesheet() {
        let out =
            String::from_utf8(inject(PAGE.as_bytes(), 0, "v2", Some("<div id=\"waymark-overlay\"></div>"))).unwrap();
        assert!(
            out.contains("<body class=\"x\">\n<div id=\"waymark-overlay\"></div><p>hi</p>")
                || out.contains("<body class=\"x\">\n<div id=\"waymark-overlay\"></div>\n<p>hi</p>"),
            "{out}"
        );
        assert!(out.contains("<link rel=\"stylesheet\" href=\"__waymark/overlay.css\">"), "{out}");
    }

    #[test]
    fn overlay_text_is_escaped() {
        let hub = Hub::new();
        hub.publish_errors("en", "1 error", "error: <script>alert(1)</script> & \"x\"");
        let site = hub.current();
        let overlay = site.overlay.as_deref().unwrap();
        assert!(overlay.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), "{overlay}");
        assert!(!overlay.contains("<script"));
    }

    #[test]
    fn the_overlay_speaks_the_site_language() {
        let hub = Hub::new();
        hub.publish_errors("ko", "오류 1개", "error: x");
        let overlay = hub.current().overlay.clone().unwrap();
        assert!(
            overlay.contains("lang=\"ko\"") && overlay.contains("사이트를 다시 만들지 못했습니다: 오류 1개"),
            "{overlay}"
        );
        assert!(!overlay.contains("could not rebuild") && !overlay.contains('{'), "{overlay}");
        hub.publish_errors("en", "1 error", "error: x");
        let overlay = hub.current().overlay.clone().unwrap();
        assert!(overlay.contains("waymark could not rebuild the site: 1 error"), "{overlay}");
    }
}
