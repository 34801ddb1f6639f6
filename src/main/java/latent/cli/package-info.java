/**
 * The {@code latent} command line: one small class per command that parses its flags and
 * delegates. Bad input ends with one line on stderr and exit status 2.
 */
package latent.cli;
