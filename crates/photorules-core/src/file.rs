//! The one way photorules reads a file it is given — a photo, a rules file, a plugin's
//! manifest or module, a report to replay: regular files only, never more than a stated number
//! of bytes, whatever the file claims to be. `/dev/zero` or `/dev/urandom` would otherwise grow
//! memory without end, and a FIFO would block the reader forever.

use std::io::{self, Read};
use std::path::Path;

/// Read `path` whole, refusing anything but a regular file and stopping after `limit` bytes even
/// when the file grows while it is read. The kind is checked before opening (opening a FIFO for
/// reading blocks until a writer comes, and a device need not be opened at all), and again on
/// what was opened, without blocking, in case the path was replaced in between.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    refuse_unless_regular(&std::fs::metadata(path)?)?;
    let file = open_without_blocking(path)?;
    let metadata = file.metadata()?;
    refuse_unless_regular(&metadata)?;
    if metadata.len() > limit {
        return Err(too_large(metadata.len().to_string(), limit));
    }
    let capacity = usize::try_from(metadata.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(format!("over {limit}"), limit));
    }
    Ok(bytes)
}

fn refuse_unless_regular(metadata: &std::fs::Metadata) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("not a regular file (a {} is not read)", kind_of(metadata)),
    ))
}

/// Open for reading with `O_NONBLOCK`, so that a FIFO put in the file's place after the check
/// opens at once (and is then refused) instead of waiting for a writer. Reads of a regular file
/// are not affected by the flag.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// [`read_limited`] for text: the bytes must be UTF-8.
pub fn read_text_limited(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_limited(path, limit)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn too_large(size: String, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("the file is {size} bytes, more than the limit of {limit} bytes"),
    )
}

fn kind_of(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if metadata.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn a_regular_file_within_the_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"hello");
        assert_eq!(read_text_limited(&path, 10).unwrap(), "hello");
        let error = read_limited(&path, 4).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            error.to_string(),
            "the file is 5 bytes, more than the limit of 4 bytes"
        );
    }

    #[cfg(unix)]
    #[test]
    fn endless_devices_are_refused_at_once() {
        for device in ["/dev/zero", "/dev/urandom"] {
            let start = Instant::now();
            let error = read_limited(Path::new(device), 1 << 20).unwrap_err();
            assert_eq!(
                error.to_string(),
                "not a regular file (a device is not read)"
            );
            assert!(start.elapsed() < Duration::from_secs(5));
        }
    }

    /// A FIFO in a fresh folder (kept alive by the returned guard).
    #[cfg(unix)]
    fn fifo_nobody_writes_to() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        (dir, fifo)
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let (_dir, fifo) = fifo_nobody_writes_to();
        let error = read_limited(&fifo, 1 << 20).unwrap_err();
        assert_eq!(error.to_string(), "not a regular file (a FIFO is not read)");
    }

    /// The second check: a FIFO that replaced a checked file opens without waiting for a
    /// writer, and what was opened is refused.
    #[cfg(unix)]
    #[test]
    fn a_fifo_swapped_in_after_the_check_opens_without_blocking_and_is_refused() {
        let (_dir, fifo) = fifo_nobody_writes_to();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let opened = open_without_blocking(&fifo).and_then(|file| file.metadata());
            let _ = sender.send(opened.map(|metadata| refuse_unless_regular(&metadata)));
        });
        let checked = receiver
            .recv_timeout(Duration::from_secs(5))
            .expect("opening the FIFO blocked")
            .unwrap();
        assert_eq!(
            checked.unwrap_err().to_string(),
            "not a regular file (a FIFO is not read)"
        );
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_limited(dir.path(), 10).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a regular file (a directory is not read)"
        );
    }

    #[test]
    fn text_must_be_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.rules");
        std::fs::write(&path, [b'a', 0xff]).unwrap();
        let error = read_text_limited(&path, 10).unwrap_err();
        assert_eq!(
            error.to_string(),
            "it is not UTF-8 text (invalid byte at offset 1)"
        );
    }
}
