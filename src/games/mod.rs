//! Normal-form games and their equilibria (SPEC §1.3). Owned by the games work.
