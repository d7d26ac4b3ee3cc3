#define _GNU_SOURCE
#include "CTerminalSupport.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int rw_terminal_support_version(void) { return 1; }

static struct termios saved_modes;
static volatile sig_atomic_t have_saved_modes = 0;
static volatile sig_atomic_t saved_fd = -1;
static volatile sig_atomic_t pending_signal = 0;

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
#define CRASH_COUNT (sizeof crash_signals / sizeof crash_signals[0])
static struct sigaction previous_crash[CRASH_COUNT];
static volatile sig_atomic_t chain_crash = 0;

int rw_ts_save_modes(int fd) {
    if (tcgetattr(fd, &saved_modes) != 0) return -1;
    saved_fd = fd;
    have_saved_modes = 1;
    return 0;
}

/* Mouse reporting off, keypad transmit off, leave the alternate screen, show the cursor, reset
 * attributes. Only write(2) and tcsetattr(3) are used: both are async-signal-safe. */
static const char leave_sequence[] = "\033[?1006l\033[?1000l\033[?1002l\033[?1l\033>\033[?1049l\033[?25h\033[0m";

void rw_ts_restore_now(void) {
    int saved_errno = errno;
    int fd = saved_fd >= 0 ? (int)saved_fd : STDOUT_FILENO;
    ssize_t left = (ssize_t)(sizeof leave_sequence - 1);
    const char *p = leave_sequence;
    while (left > 0) {
        ssize_t n = write(fd, p, (size_t)left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n; left -= n;
    }
    if (have_saved_modes) tcsetattr(fd, TCSANOW, &saved_modes);
    errno = saved_errno;
}

static void crash_handler(int sig) {
    rw_ts_restore_now();
    if (chain_crash) {
        for (unsigned i = 0; i < CRASH_COUNT; i++) {
            if (crash_signals[i] == sig) {
                sigaction(sig, &previous_crash[i], NULL);
                break;
            }
        }
    } else {
        signal(sig, SIG_DFL);
    }
    /* The signal is blocked while we run: raise() leaves it pending, and it is delivered to the
     * previous handler (or the default action) as soon as this handler returns. A hardware trap
     * that returns re-executes the instruction and traps again into that handler. */
    raise(sig);
}

/* A process started from a thread that blocks signals (a thread pool, a test runner) inherits
 * that mask: make sure the signals we handle can arrive at all. */
static void unblock(const int *signals, unsigned count) {
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < count; i++) sigaddset(&set, signals[i]);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

void rw_ts_install_crash_handlers(int chain) {
    chain_crash = chain ? 1 : 0;
    unblock(crash_signals, CRASH_COUNT);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = crash_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    for (unsigned i = 0; i < CRASH_COUNT; i++) {
        sigaction(crash_signals[i], &sa, &previous_crash[i]);
    }
}

static void stop_handler(int sig) {
    if (pending_signal == 0) pending_signal = sig;
}

void rw_ts_install_stop_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = stop_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns so the loop can see the signal */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    static const int stop_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH, SIGCONT, SIGTSTP};
    unblock(stop_signals, sizeof stop_signals / sizeof stop_signals[0]);
}

int rw_ts_pending_signal(void) { return (int)pending_signal; }

void rw_ts_ignore_job_control(void) {
    signal(SIGTSTP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
}

void rw_ts_reraise_default(int sig) {
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

void rw_ts_crash_for_test(void) {
    __builtin_trap();
}

int rw_ts_isatty(int fd) { return isatty(fd); }

int rw_ts_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) return 0;
    return strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "UTF8") == 0;
}
