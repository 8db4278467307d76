//! Names as hash keys the way the servers compare unquoted identifiers: without regard to ASCII
//! case, borrowed (`NoCase<&str>`) or owned (`NoCase<String>`), in maps with a fast
//! non-cryptographic hasher (rustc-hash). Every lookup of a table or column by name uses it. The maps index names ismig reads from its own inputs; nothing here is exposed to
//! a remote party, so hash flooding is not a concern.

use std::hash::{Hash, Hasher};

/// A `HashMap` with the fast hasher.
pub type Map<K, V> = rustc_hash::FxHashMap<K, V>;

/// A `HashSet` with the fast hasher.
pub type Set<K> = rustc_hash::FxHashSet<K>;

/// An empty [`Map`] with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(n, rustc_hash::FxBuildHasher)
}

/// A name compared and hashed without regard to ASCII case.
#[derive(Clone, Copy, Debug)]
pub struct NoCase<S>(pub S);

impl<S: AsRef<str>> PartialEq for NoCase<S> {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_ref().eq_ignore_ascii_case(other.0.as_ref())
    }
}

impl<S: AsRef<str>> Eq for NoCase<S> {}

impl<S: AsRef<str>> Hash for NoCase<S> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // upper-cased a block at a time: names equal without regard to case are equal bytes
        // after it, so they cut into the same blocks and hash alike
        let mut block = [0u8; 32];
        for part in self.0.as_ref().as_bytes().chunks(block.len()) {
            let b = &mut block[..part.len()];
            b.copy_from_slice(part);
            b.make_ascii_uppercase();
            h.write(b);
        }
        h.write_u8(0xff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differing_only_in_case_are_one_key() {
        let long = "idn_oauth2_access_token_scope_with_a_name_longer_than_one_block";
        let mut m: Map<NoCase<&str>, usize> = map_with_capacity(4);
        m.insert(NoCase(long), 1);
        m.insert(NoCase("Idn_Scope"), 2);
        assert_eq!(m.get(&NoCase(&long.to_ascii_uppercase())), Some(&1));
        assert_eq!(m.get(&NoCase("IDN_SCOPE")), Some(&2));
        assert_eq!(m.get(&NoCase("IDN_SCOPE_")), None);
        assert_eq!(m.len(), 2);
        let mut owned: Map<NoCase<String>, usize> = map_with_capacity(1);
        owned.insert(NoCase("Idn_Scope".to_string()), 3);
        assert_eq!(owned.get(&NoCase("IDN_SCOPE".to_string())), Some(&3));
    }
}
