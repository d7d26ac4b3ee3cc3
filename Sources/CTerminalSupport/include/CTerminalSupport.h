#ifndef ROUTEWIJZER_CTERMINALSUPPORT_H
#define ROUTEWIJZER_CTERMINALSUPPORT_H

/* Stateful terminal support that must live in real C: the saved terminal modes and the signal
 * handlers that put the terminal back. Everything a handler calls is async-signal-safe. */

int rw_terminal_support_version(void);

/* Saves the terminal modes of fd (tcgetattr) so that a crash can restore them. Returns 0 on success. */
int rw_ts_save_modes(int fd);

/* Restores the saved modes and writes the "leave full screen" sequence (async-signal-safe). */
void rw_ts_restore_now(void);

/* Installs crash handlers (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT): restore the
 * terminal, then re-raise: with the default action, or (chain != 0) with the handler that was
 * there before (the Swift runtime's backtracer, which may wait for a key on a terminal). */
void rw_ts_install_crash_handlers(int chain);

/* Installs handlers for SIGTERM, SIGHUP, SIGINT and SIGQUIT that only record the signal; the
 * program polls rw_ts_pending_signal() and cleans up on its own thread. */
void rw_ts_install_stop_handlers(void);

/* The first stop signal received since start (0 when none). */
int rw_ts_pending_signal(void);

/* Ignores SIGTSTP, SIGINT and SIGQUIT (kiosk mode). */
void rw_ts_ignore_job_control(void);

/* Ends the process by the given signal with its default action (after cleanup). */
void rw_ts_reraise_default(int sig);

/* Test hook: traps like a Swift runtime failure does (SIGILL on x86-64, SIGTRAP on arm64). */
void rw_ts_crash_for_test(void);

/* Whether fd is a terminal, and whether the locale's character set is UTF-8. */
int rw_ts_isatty(int fd);
int rw_ts_locale_is_utf8(void);
#endif
