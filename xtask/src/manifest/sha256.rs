//! SHA-256 (FIPS 180-4) in plain Rust, so the xtask needs no dependency to name a build by its
//! content or to give the service worker subresource-integrity digests.

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const ROUND_CONSTANTS: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// An incremental SHA-256: feed bytes with [`Sha256::update`], then take [`Sha256::finish`].
pub struct Sha256 {
    state: [u32; 8],
    block: [u8; 64],
    n_block_bytes: usize,
    n_total_bytes: u64,
}

impl Sha256 {
    /// A hasher that has seen no bytes yet.
    pub fn new() -> Sha256 {
        Sha256 {
            state: INITIAL_STATE,
            block: [0; 64],
            n_block_bytes: 0,
            n_total_bytes: 0,
        }
    }

    /// Appends `bytes` to the message.
    pub fn update(&mut self, mut bytes: &[u8]) {
        self.n_total_bytes += bytes.len() as u64;
        while !bytes.is_empty() {
            let n_taken = (64 - self.n_block_bytes).min(bytes.len());
            self.block[self.n_block_bytes..self.n_block_bytes + n_taken]
                .copy_from_slice(&bytes[..n_taken]);
            self.n_block_bytes += n_taken;
            bytes = &bytes[n_taken..];
            if self.n_block_bytes == 64 {
                let block = self.block;
                self.compress(&block);
                self.n_block_bytes = 0;
            }
        }
    }

    /// The 32-byte digest: the message padded with 1, zeros, and its length in bits.
    pub fn finish(mut self) -> [u8; 32] {
        let n_bits = self.n_total_bytes.wrapping_mul(8);
        self.update(&[0x80]);
        while self.n_block_bytes != 56 {
            self.update(&[0]);
        }
        self.update(&n_bits.to_be_bytes());
        let mut digest = [0; 32];
        for (word_idx, word) in self.state.iter().enumerate() {
            digest[4 * word_idx..4 * word_idx + 4].copy_from_slice(&word.to_be_bytes());
        }
        digest
    }

    /// One 512-bit block through the 64 rounds of the compression function.
    fn compress(&mut self, block: &[u8; 64]) {
        let mut schedule = [0u32; 64];
        for (word_idx, chunk) in block.chunks_exact(4).enumerate() {
            schedule[word_idx] = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        for word_idx in 16..64 {
            let w15 = schedule[word_idx - 15];
            let w2 = schedule[word_idx - 2];
            let sigma0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let sigma1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            schedule[word_idx] = schedule[word_idx - 16]
                .wrapping_add(sigma0)
                .wrapping_add(schedule[word_idx - 7])
                .wrapping_add(sigma1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = self.state;
        for (constant, word) in ROUND_CONSTANTS.iter().zip(schedule) {
            let big_sigma1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let choose = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(big_sigma1)
                .wrapping_add(choose)
                .wrapping_add(*constant)
                .wrapping_add(word);
            let big_sigma0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = big_sigma0.wrapping_add(majority);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (word, add) in self.state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *word = word.wrapping_add(add);
        }
    }
}

/// The SHA-256 digest of `bytes` in one call.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    hasher.finish()
}

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Bytes in standard base64 with padding (RFC 4648 §4), as subresource integrity wants.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        // Three bytes are 24 bits: four 6-bit letters; a short chunk pads with '='.
        let bits = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for letter_idx in 0..4 {
            if letter_idx <= chunk.len() {
                let sextet = (bits >> (18 - 6 * letter_idx)) & 0x3f;
                text.push(char::from(ALPHABET[sextet as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected digests are the published examples of FIPS 180-4 (NIST's "SHA256.pdf" worked
    // examples) and the long-message test of FIPS 180-2 appendix B.3.
    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(
            hex(&digest(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&digest(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let mut million_a = Sha256::new();
        for _ in 0..1000 {
            million_a.update(&[b'a'; 1000]);
        }
        assert_eq!(
            hex(&million_a.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn feeding_in_pieces_equals_feeding_at_once() {
        let message: Vec<u8> = (0..300u32).map(|i| (i * 7 % 256) as u8).collect();
        for split_idx in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            let mut hasher = Sha256::new();
            hasher.update(&message[..split_idx]);
            hasher.update(&message[split_idx..]);
            assert_eq!(hasher.finish(), digest(&message), "split at {split_idx}");
        }
    }

    #[test]
    fn base64_matches_rfc_4648_examples() {
        // RFC 4648 §10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }
}
