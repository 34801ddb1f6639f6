/**
 * The {@code latent} command line: one small class per command that parses its flags and
 * delegates. Bad input ends with one line on stderr and exit status 2. Besides training and
 * evaluation, {@code encode}, {@code score}, {@code export} and {@code import} connect runs to
 * users' own data and to other tools.
 */
package latent.cli;
