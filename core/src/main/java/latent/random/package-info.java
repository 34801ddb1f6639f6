/**
 * Seeded random numbers whose whole state can be saved and restored, so a resumed run draws
 * the same numbers an uninterrupted one would.
 */
package latent.random;
