/* diag.h: error and warning messages on stderr, and the runtime's exit code
 * for every user-facing error. */
#ifndef DENSENET_RUNTIME_DIAG_H
#define DENSENET_RUNTIME_DIAG_H

/* Exit status for every error: bad usage, bad file, failed allocation. */
#define DN_EXIT_ERROR 2

/* Prints "error: <message>\n" to stderr. */
void dn_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "warning: <message>\n" to stderr. */
void dn_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* DENSENET_RUNTIME_DIAG_H */
