//! Sealed learner files: a learner stored encrypted with age under an opaque
//! name, `roadmap/learners/sealed-<random>.yaml.age`, so that a public
//! repository shows neither who the learner is nor what they did. The
//! plaintext is an ordinary learner file with one more key, `id:`, since the
//! file name no longer says it. A sealed file is encrypted to the cohort's
//! `recipients:` and to those the learner file itself lists.
//!
//! What opens them is a [`Keys`]: an identity file (age or SSH), read when a
//! sealed file first needs it — so a project without sealed files never
//! reads the key nor asks for its passphrase. A sealed file that cannot be
//! opened for want of a key is [`Unread`]: commands that only need what is
//! public (`check`, the public build) count it and go on; the others say so.

use std::fmt;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use age::secrecy::SecretString;

use crate::diag::{display_path, Diagnostic};

/// How a sealed learner file's name ends.
pub const SUFFIX: &str = ".yaml.age";

/// How the name of a sealed file made by waymark starts.
pub const PREFIX: &str = "sealed-";

/// Whether `name` (a file name in `roadmap/learners/`) is a sealed file.
pub fn is_sealed(name: &str) -> bool {
    name.ends_with(SUFFIX) && name.len() > SUFFIX.len()
}

type Identities = Vec<Box<dyn age::Identity + Send + Sync>>;

/// Asks for the passphrase of a protected SSH key (`None`: it cannot be asked).
pub type AskPassphrase = dyn Fn(&str) -> Option<String> + Send + Sync;

/// The identities that open sealed files, read from their file on first use.
#[derive(Clone)]
pub struct Keys {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    /// Given by the user (`--identity`, `WAYMARK_IDENTITY`) rather than found
    /// at a default place: a default key that is not a recipient of a file
    /// is no key at all, a given one is a mistake worth an error.
    given: bool,
    ask: Box<AskPassphrase>,
    opened: OnceLock<Result<Identities, String>>,
}

impl Keys {
    /// The identity file at `path`; `ask` is called for the passphrase of a
    /// protected SSH key, once.
    pub fn new(path: &Path, given: bool, ask: Box<AskPassphrase>) -> Keys {
        Keys { inner: Arc::new(Inner { path: path.to_path_buf(), given, ask, opened: OnceLock::new() }) }
    }

    /// No key that can be used, found at `path` (a default place), and
    /// why: sealed files are left unread with this reason.
    pub fn unusable(path: &Path, why: String) -> Keys {
        let opened = OnceLock::from(Err(why));
        Keys { inner: Arc::new(Inner { path: path.to_path_buf(), given: false, ask: Box::new(|_| None), opened }) }
    }

    /// How to make a key age can use, for messages about one it cannot.
    pub const MAKE_ONE: &'static str = "make an age key with `age-keygen -o ~/.config/waymark/key.txt` \
        (or an SSH key age can use: `ssh-keygen -t ed25519`), add its public key to `recipients:` \
        in cohort.yaml, and give it with --identity FILE";

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The identities, read (and their passphrase asked for) the first time.
    fn identities(&self) -> Result<&Identities, &str> {
        self.inner
            .opened
            .get_or_init(|| read_identities(&self.inner.path, &*self.inner.ask))
            .as_ref()
            .map_err(|e| e.as_str())
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Keys({})", self.inner.path.display())
    }
}

impl PartialEq for Keys {
    fn eq(&self, other: &Keys) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for Keys {}

/// A sealed file that was not read, and why (no key, a key that cannot be
/// used, or a default key the file is not sealed to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub file: PathBuf,
    pub why: String,
}

/// "2 sealed learners not read: no identity", with how to give one: a
/// warning for what needs only the public part of the project, an error
/// for what needs every learner.
pub fn unread_diagnostic(unread: &[Unread], error: bool) -> Option<Diagnostic> {
    let first = unread.first()?;
    let n = unread.len();
    let what = if n == 1 { "1 sealed learner".to_string() } else { format!("{n} sealed learners") };
    let why = if unread.iter().all(|u| u.why == first.why) { first.why.clone() } else { "see --verbose".into() };
    let d = Diagnostic::file(Path::new(super::files::LEARNERS), format!("{what} not read: {why}")).help(
        "give the key they are sealed to with --identity FILE or WAYMARK_IDENTITY=FILE \
         (an age identity, or an SSH private key; ~/.ssh/id_ed25519 and ~/.ssh/id_rsa are tried when present)",
    );
    Some(if error { d } else { d.warning() })
}

/// What opening a sealed file gave.
pub enum Opened {
    /// The plaintext.
    Text(Vec<u8>),
    /// No key to open it with.
    Unread(Unread),
    /// A key that does not open it, or a file that is not a sealed file.
    Broken(Diagnostic),
}

/// Decrypt the sealed file `rel` (its `bytes`) with `keys`.
pub fn open(rel: &Path, bytes: &[u8], keys: Option<&Keys>) -> Opened {
    let unread = |why: String| Opened::Unread(Unread { file: rel.to_path_buf(), why });
    let Some(keys) = keys else { return unread("no identity".into()) };
    let identities = match keys.identities() {
        Ok(ids) => ids,
        Err(why) if keys.inner.given => {
            return Opened::Broken(
                Diagnostic::file(rel, format!("cannot open this sealed file: {why}"))
                    .help("the key is the file named by --identity, else by WAYMARK_IDENTITY; name one that opens it"),
            )
        }
        Err(why) => return unread(why.to_string()),
    };
    match decrypt(bytes, identities) {
        Ok(text) => Opened::Text(text),
        Err(age::DecryptError::NoMatchingKeys) if !keys.inner.given => {
            unread(format!("{} is not one of their recipients", display_path(keys.path())))
        }
        Err(age::DecryptError::NoMatchingKeys) => Opened::Broken(
            Diagnostic::file(rel, format!("{} does not open this file: it is sealed to other keys", display_path(keys.path())))
                .help("use a key listed in `recipients:` when the file was sealed; `waymark seal --rekey` run by someone who can open it adds new ones"),
        ),
        Err(e) => Opened::Broken(
            Diagnostic::file(rel, format!("this sealed file cannot be read: {e}"))
                .help("the file is damaged or not an age file; restore it from git (`git checkout -- FILE`)"),
        ),
    }
}

fn decrypt(bytes: &[u8], identities: &Identities) -> Result<Vec<u8>, age::DecryptError> {
    let decryptor = age::Decryptor::new_buffered(age::armor::ArmoredReader::new(bytes))?;
    let mut reader = decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))?;
    let mut out = Vec::new();
    // Never more than a learner file may hold.
    reader.by_ref().take(super::files::MAX_FILE_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > super::files::MAX_FILE_BYTES {
        let too_large = format!("it holds more than {} MiB", super::files::MAX_FILE_BYTES >> 20);
        return Err(age::DecryptError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, too_large)));
    }
    Ok(out)
}

/// A recipient as written in `recipients:`: an age public key (`age1…`) or
/// an SSH public key (`ssh-ed25519 …`, `ssh-rsa …`). The error says why not.
pub fn recipient(s: &str) -> Result<Box<dyn age::Recipient + Send>, String> {
    let s = s.trim();
    if s.starts_with("age1") {
        return s
            .parse::<age::x25519::Recipient>()
            .map(|r| Box::new(r) as _)
            .map_err(|e| format!("not an age public key ({e})"));
    }
    if s.starts_with("ssh-") || s.starts_with("ecdsa-") || s.starts_with("sk-") {
        use age::ssh::ParseRecipientKeyError as E;
        return s.parse::<age::ssh::Recipient>().map(|r| Box::new(r) as _).map_err(|e| match e {
            _ if s.starts_with("sk-") => {
                "security-key SSH keys cannot be used by age; make an age key with `age-keygen -o key.txt`".into()
            }
            E::Unsupported(kind) => format!("age cannot encrypt to `{kind}` keys; use an ed25519 or RSA key, or make an age key with `age-keygen -o key.txt`"),
            E::RsaModulusTooSmall => "the RSA key is shorter than 2048 bits".into(),
            E::RsaModulusTooLarge => "the RSA key is longer than age supports".into(),
            _ => "not a valid SSH public key".into(),
        });
    }
    Err("a recipient is an age public key (`age1…`) or an SSH public key (`ssh-ed25519 …`, `ssh-rsa …`)".into())
}

/// Encrypt `text` to `recipients` (as written), as ASCII armor: a text file
/// that git diffs and stores as text. Every call gives different bytes.
pub fn seal(text: &[u8], recipients: &[String]) -> Result<Vec<u8>, String> {
    let keys = recipients
        .iter()
        .map(|r| recipient(r).map_err(|e| format!("recipient `{r}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("no recipients: list the public keys of those who may read sealed learners under `recipients:` in cohort.yaml".into());
    }
    let encryptor = age::Encryptor::with_recipients(keys.iter().map(|k| k.as_ref() as &dyn age::Recipient))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(text.len() * 2 + 512);
    let armored =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).map_err(|e| e.to_string())?;
    let mut writer = encryptor.wrap_output(armored).map_err(|e| e.to_string())?;
    writer.write_all(text).map_err(|e| e.to_string())?;
    writer.finish().and_then(|a| a.finish()).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The text of a plain learner file with `id: <id>` as its first key, after
/// the comments that open it: what `seal` puts in the sealed file, whose
/// name does not say the id.
pub fn with_id(text: &str, id: &str) -> String {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if !(t.is_empty() || t.starts_with('#') || t == "---") {
            break;
        }
        at += line.len();
    }
    let (head, rest) = body.split_at(at);
    let newline = if head.is_empty() || head.ends_with('\n') { "" } else { "\n" };
    format!("{head}{newline}id: {id}\n{rest}")
}

/// The identities in the file at `path`: age identities (`AGE-SECRET-KEY-1…`
/// lines, as `age-keygen` writes them) or one SSH private key.
fn read_identities(path: &Path, ask: &AskPassphrase) -> Result<Identities, String> {
    let shown = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the key {shown}: {e}"))?;
    if let Ok(file) = age::IdentityFile::from_buffer(&bytes[..]) {
        if let Ok(ids) = file.into_identities() {
            if !ids.is_empty() {
                return Ok(ids);
            }
        }
    }
    let make_one = Keys::MAKE_ONE;
    let key = match age::ssh::Identity::from_buffer(&bytes[..], Some(shown.clone())) {
        Ok(age::ssh::Identity::Unencrypted(key)) => key,
        Ok(age::ssh::Identity::Encrypted(key)) => {
            let Some(pass) = ask(&format!("passphrase for {shown}: ")) else {
                return Err(format!(
                    "{shown} is protected by a passphrase, and there is no terminal to ask for it; \
                     run the command in a terminal, or give a key without a passphrase: {make_one}"
                ));
            };
            key.decrypt(SecretString::from(pass)).map_err(|_| format!("wrong passphrase for {shown}"))?
        }
        Ok(age::ssh::Identity::Unsupported(kind)) => {
            let what = match kind {
                age::ssh::UnsupportedKey::Hardware(k) => format!("a security-key SSH key (`{k}`)"),
                age::ssh::UnsupportedKey::Type(k) => format!("an SSH key of type `{k}`"),
                age::ssh::UnsupportedKey::EncryptedPem => "an SSH key in the old PEM format".into(),
                age::ssh::UnsupportedKey::EncryptedSsh(c) => format!("an SSH key encrypted with `{c}`"),
            };
            return Err(format!("{shown} is {what}, which age cannot use; {make_one}"));
        }
        Err(_) => return Err(format!("{shown} is neither an age identity nor an SSH private key; {make_one}")),
    };
    Ok(vec![Box::new(age::ssh::Identity::Unencrypted(key))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_for(id: &age::x25519::Identity) -> (tempfile::TempDir, Keys) {
        use age::secrecy::ExposeSecret as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.txt");
        std::fs::write(&path, format!("{}\n", id.to_string().expose_secret())).unwrap();
        let keys = Keys::new(&path, true, Box::new(|_| None));
        (dir, keys)
    }

    #[test]
    fn sealed_text_opens_with_a_recipient_key_only() {
        let (mine, other) = (age::x25519::Identity::generate(), age::x25519::Identity::generate());
        let sealed = seal(b"name: Kim\n", &[mine.to_public().to_string()]).unwrap();
        assert!(sealed.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        let rel = Path::new("roadmap/learners/sealed-x.yaml.age");
        let (_d, keys) = keys_for(&mine);
        assert!(matches!(open(rel, &sealed, Some(&keys)), Opened::Text(t) if t == b"name: Kim\n"));
        let (_d, wrong) = keys_for(&other);
        let Opened::Broken(d) = open(rel, &sealed, Some(&wrong)) else { panic!("a wrong key is a diagnostic") };
        assert!(d.message.contains("does not open this file"), "{}", d.message);
        assert!(matches!(open(rel, &sealed, None), Opened::Unread(u) if u.why == "no identity"));
        let Opened::Broken(d) = open(rel, b"-----BEGIN AGE ENCRYPTED FILE-----\nxx\n", Some(&keys)) else {
            panic!("a damaged file is a diagnostic")
        };
        assert!(d.message.starts_with("this sealed file cannot be read"), "{}", d.message);
    }

    #[test]
    fn recipients_are_age_or_ssh_keys() {
        assert!(recipient(&age::x25519::Identity::generate().to_public().to_string()).is_ok());
        assert!(recipient("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN kim@host")
            .is_ok());
        assert!(recipient("hello").err().unwrap_or_default().contains("age public key"));
        assert!(recipient("sk-ssh-ed25519@openssh.com AAAA").err().unwrap_or_default().contains("age-keygen"));
        assert!(seal(b"x", &[]).unwrap_err().starts_with("no recipients"));
    }
}
