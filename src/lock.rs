//! The device's lock: the data key while unlocked, and sealing and opening stored values with it.
//!
//! The cryptography is the browser's own (WebCrypto): no cipher code in the Wasm, keys that cannot be
//! read out (`extractable: false`), and native speed for the PIN's 600,000 PBKDF2 rounds
//! (`docs/security.md` has the figures behind the choice). The rules (PIN length, back-off) are the core's
//! (`mestring_core::lock`).
//!
//! The key lives in one slot ([`HELD`]), read at every storage operation (a worker is given it with its
//! request, and ends with it): locking forgets it, and no copy of the key outlives the lock.

use std::cell::RefCell;

use gloo::storage::{LocalStorage, Storage};
use js_sys::{Array, Object, Reflect, Uint8Array};
use mestring_core::lock::{CLEAR_FIELDS, PinKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// The property of a stored value that holds its encrypted body.
const SEALED: &str = "sealed";

/// What the device's lock is at: no PIN set, or a PIN set and the key held (open) or not (locked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockStatus {
    NoPin,
    Locked,
    Open,
}

/// What the page knows of the lock: whether the device has a PIN, the data key while it is open, and
/// whether the share sheet is up.
#[derive(Default)]
struct Held {
    pin: bool,
    key: Option<CryptoKey>,
    sharing: bool,
}

thread_local! {
    static HELD: RefCell<Held> = RefCell::new(Held::default());
}

/// Whether the device asks for a PIN before its screens (`mestring_core::lock::asks_for_pin`): its
/// storage is open, it has no PIN, and its mode requires one or offers one not yet declined.
pub fn asks_for_pin(settings: &crate::settings::Settings, status: Option<LockStatus>) -> bool {
    status == Some(LockStatus::NoPin)
        && settings.mode.is_some_and(|mode| {
            mestring_core::lock::asks_for_pin(mode, false, settings.pin_declined)
        })
}

/// Whether this device has a PIN, as its storage said on opening (or as set since).
pub fn set_has_pin(has_pin: bool) {
    HELD.with_borrow_mut(|held| held.pin = has_pin);
}

pub fn status() -> LockStatus {
    HELD.with_borrow(|held| match (held.pin, &held.key) {
        (false, _) => LockStatus::NoPin,
        (true, Some(_)) => LockStatus::Open,
        (true, None) => LockStatus::Locked,
    })
}

/// Where the kind of the device's PIN is remembered between starts (see [`remembered_kind`]).
const KIND_KEY: &str = "mestring.pin-kind";

/// The kind of the device's PIN as last read from its storage, so that the lock screen shows the right
/// keyboard from its first frame: the stored lock is read only once the database has opened, and a
/// passcode typed on a number pad until then is a passcode that cannot be typed. Not a secret: the
/// keyboard on screen shows it to anyone holding the tablet. Digits until first read.
pub fn remembered_kind() -> PinKind {
    match LocalStorage::raw()
        .get_item(KIND_KEY)
        .ok()
        .flatten()
        .as_deref()
    {
        Some("passcode") => PinKind::Passcode,
        _ => PinKind::Digits,
    }
}

/// Remembers `kind` for the next start's lock screen; where storage refuses, the next start asks for
/// digits until it has read the lock, as before.
pub fn remember_kind(kind: PinKind) {
    let code = match kind {
        PinKind::Digits => "digits",
        PinKind::Passcode => "passcode",
    };
    let _ = LocalStorage::raw().set_item(KIND_KEY, code);
}

/// The data key, while the device is unlocked.
pub fn key() -> Option<CryptoKey> {
    HELD.with_borrow(|held| held.key.clone())
}

pub fn hold(key: &CryptoKey) {
    HELD.with_borrow_mut(|held| held.key = Some(key.clone()));
}

/// Forgets the data key: nothing stored can be read or written until the PIN is typed again.
pub fn forget() {
    HELD.with_borrow_mut(|held| held.key = None);
}

/// Whether the page is hidden by the device's share sheet (an export being handed over), when hiding
/// it must not lock the device.
pub fn set_sharing(sharing: bool) {
    HELD.with_borrow_mut(|held| held.sharing = sharing);
}

pub fn sharing() -> bool {
    HELD.with_borrow(|held| held.sharing)
}

fn subtle() -> Result<SubtleCrypto, JsValue> {
    let crypto: web_sys::Crypto = Reflect::get(&js_sys::global(), &"crypto".into())?.dyn_into()?;
    Ok(crypto.subtle())
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &(*name).into(), value);
    }
    object
}

fn usages(usages: &[&str]) -> Array {
    usages
        .iter()
        .map(|usage| JsValue::from_str(usage))
        .collect()
}

fn aes_gcm(nonce: &Uint8Array) -> Object {
    object(&[("name", "AES-GCM".into()), ("iv", nonce.into())])
}

/// The decryption of `data`, started: the promise of its plain bytes.
fn decrypting(
    key: &CryptoKey,
    nonce: &Uint8Array,
    data: &Uint8Array,
) -> Result<js_sys::Promise, JsValue> {
    subtle()?.decrypt_with_object_and_js_u8_array(&aes_gcm(nonce), key, data)
}

/// The key a secret makes (the PIN or the recovery code; PBKDF2-HMAC-SHA-256 to AES-256-GCM), usable
/// only to wrap and unwrap the data key.
pub async fn pin_key(pin: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, JsValue> {
    let subtle = subtle()?;
    let material = JsFuture::from(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(pin.as_bytes()),
        "PBKDF2",
        false,
        &usages(&["deriveKey"]),
    )?)
    .await?;
    let kdf = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    JsFuture::from(subtle.derive_key_with_object_and_object(
        &kdf,
        &material.unchecked_into(),
        &aes_256(),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    )?)
    .await?
    .dyn_into()
}

fn aes_256() -> Object {
    object(&[("name", "AES-GCM".into()), ("length", 256.into())])
}

/// A new random data key, made by the browser. It can be wrapped (so that a PIN and a recovery code can
/// keep it) but its bytes never reach script or Wasm memory; drop it once wrapped, and hold the one
/// [`unwrap`] gives back, which cannot be wrapped or read out at all.
pub async fn new_data_key() -> Result<CryptoKey, JsValue> {
    let generated =
        subtle()?.generate_key_with_object(&aes_256(), true, &usages(&["encrypt", "decrypt"]))?;
    JsFuture::from(generated).await?.dyn_into()
}

/// `key` wrapped by `wrapping` (AES-256-GCM with `nonce`): the bytes the lock stores.
pub async fn wrap(key: &CryptoKey, wrapping: &CryptoKey, nonce: &[u8]) -> Result<Vec<u8>, JsValue> {
    let wrapped = JsFuture::from(subtle()?.wrap_key_with_object(
        "raw",
        key,
        wrapping,
        &aes_gcm(&Uint8Array::from(nonce)),
    )?)
    .await?;
    Ok(Uint8Array::new(&wrapped).to_vec())
}

/// The data key that `wrapping` unwraps from `wrapped`, usable for nothing but sealing and opening;
/// `rewrappable` only while it is wrapped anew (a changed PIN, a new recovery code), never to hold.
/// Fails when `wrapping` is the wrong key (GCM's tag): that is how a wrong PIN shows.
pub async fn unwrap(
    wrapped: &[u8],
    wrapping: &CryptoKey,
    nonce: &[u8],
    rewrappable: bool,
) -> Result<CryptoKey, JsValue> {
    let unwrapped = subtle()?.unwrap_key_with_js_u8_array_and_object_and_object(
        "raw",
        &Uint8Array::from(wrapped),
        wrapping,
        &aes_gcm(&Uint8Array::from(nonce)),
        &aes_256(),
        rewrappable,
        &usages(&["encrypt", "decrypt"]),
    )?;
    JsFuture::from(unwrapped).await?.dyn_into()
}

pub async fn encrypt(key: &CryptoKey, nonce: &[u8], plain: &[u8]) -> Result<Uint8Array, JsValue> {
    let sealed =
        // Copied out of the Wasm memory: a view into it is detached if the memory grows meanwhile.
        JsFuture::from(subtle()?.encrypt_with_object_and_js_u8_array(
            &aes_gcm(&Uint8Array::from(nonce)),
            key,
            &Uint8Array::from(plain),
        )?)
        .await?;
    Ok(Uint8Array::new(&sealed))
}

/// The plain bytes, or an error when the key is wrong or the bytes were changed (GCM's tag fails).
pub async fn decrypt(
    key: &CryptoKey,
    nonce: &Uint8Array,
    sealed: &Uint8Array,
) -> Result<Uint8Array, JsValue> {
    let plain = JsFuture::from(decrypting(key, nonce, sealed)?).await?;
    Ok(Uint8Array::new(&plain))
}

/// `value` as it is stored under `key`: the fields in [`CLEAR_FIELDS`] it has, beside its whole self
/// encrypted (as JSON text) with a fresh nonce.
pub async fn seal(key: &CryptoKey, value: &JsValue) -> Result<JsValue, JsValue> {
    let text = String::from(js_sys::JSON::stringify(value)?);
    let mut nonce = [0u8; 12];
    crate::browser::fill_random(&mut nonce).map_err(|err| JsValue::from_str(&err))?;
    let data = encrypt(key, &nonce, text.as_bytes()).await?;
    let envelope = Object::new();
    if value.is_object() {
        for field in CLEAR_FIELDS {
            let clear = Reflect::get(value, &field.into())?;
            if !clear.is_undefined() {
                Reflect::set(&envelope, &field.into(), &clear)?;
            }
        }
    }
    let sealed = object(&[
        ("nonce", Uint8Array::from(&nonce[..]).into()),
        ("data", data.into()),
    ]);
    Reflect::set(&envelope, &SEALED.into(), &sealed)?;
    Ok(envelope.into())
}

pub fn is_sealed(stored: &JsValue) -> bool {
    stored.is_object() && Reflect::has(stored, &SEALED.into()).unwrap_or(false)
}

/// The value a stored one holds: a sealed one opened with `key`, where its clear `exported_at` (the one
/// field marked without opening it) is the current one; a plain one as it is.
/// The decryption starts at the call, so many records opened in a row are decrypted side by side.
pub fn open(
    key: Option<&CryptoKey>,
    stored: &JsValue,
) -> impl std::future::Future<Output = Result<JsValue, String>> + use<> {
    let started = if is_sealed(stored) {
        key.ok_or_else(|| JsValue::from_str("locked"))
            .and_then(|key| start_decrypting(key, stored))
            .map(Some)
    } else {
        Ok(None)
    };
    let stored = stored.clone();
    async move {
        let opened = async {
            let Some(decrypting) = started? else {
                return Ok(stored);
            };
            let plain = Uint8Array::new(&JsFuture::from(decrypting).await?);
            let text =
                String::from_utf8(plain.to_vec()).map_err(|_| JsValue::from_str("not UTF-8"))?;
            let value = js_sys::JSON::parse(&text)?;
            let exported_at = Reflect::get(&stored, &"exported_at".into())?;
            if value.is_object() && !exported_at.is_undefined() {
                Reflect::set(&value, &"exported_at".into(), &exported_at)?;
            }
            Ok::<_, JsValue>(value)
        };
        opened.await.map_err(|_| {
            "cannot be decrypted: the data key does not open it, or it was changed".to_owned()
        })
    }
}

fn start_decrypting(key: &CryptoKey, stored: &JsValue) -> Result<js_sys::Promise, JsValue> {
    let sealed = Reflect::get(stored, &SEALED.into())?;
    let nonce: Uint8Array = Reflect::get(&sealed, &"nonce".into())?.dyn_into()?;
    let data: Uint8Array = Reflect::get(&sealed, &"data".into())?.dyn_into()?;
    decrypting(key, &nonce, &data)
}
