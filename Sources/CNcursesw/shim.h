#ifndef ROUTEWIJZER_CNCURSESW_SHIM_H
#define ROUTEWIJZER_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D flags: ask for the wide-character API ourselves. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncurses.h>

/* Many ncurses names are macros or mutable globals that Swift cannot import (or that Swift 6
 * strict concurrency refuses). Everything the TerminalUI backend needs is wrapped here as a small
 * static inline function with plain C types. */

static inline WINDOW *rw_stdscr(void) { return stdscr; }
static inline int rw_lines(void) { return LINES; }
static inline int rw_cols(void) { return COLS; }
static inline int rw_err(void) { return ERR; }
static inline int rw_ok(void) { return OK; }

static inline unsigned int rw_a_normal(void) { return A_NORMAL; }
static inline unsigned int rw_a_bold(void) { return A_BOLD; }
static inline unsigned int rw_a_reverse(void) { return A_REVERSE; }
static inline unsigned int rw_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int rw_a_dim(void) { return A_DIM; }

static inline int rw_key_code_yes(void) { return KEY_CODE_YES; }
static inline int rw_key_up(void) { return KEY_UP; }
static inline int rw_key_down(void) { return KEY_DOWN; }
static inline int rw_key_left(void) { return KEY_LEFT; }
static inline int rw_key_right(void) { return KEY_RIGHT; }
static inline int rw_key_home(void) { return KEY_HOME; }
static inline int rw_key_end(void) { return KEY_END; }
static inline int rw_key_npage(void) { return KEY_NPAGE; }
static inline int rw_key_ppage(void) { return KEY_PPAGE; }
static inline int rw_key_enter(void) { return KEY_ENTER; }
static inline int rw_key_backspace(void) { return KEY_BACKSPACE; }
static inline int rw_key_dc(void) { return KEY_DC; }
static inline int rw_key_btab(void) { return KEY_BTAB; }
static inline int rw_key_resize(void) { return KEY_RESIZE; }
static inline int rw_key_mouse(void) { return KEY_MOUSE; }
static inline int rw_key_f(int n) { return KEY_F(n); }

/* Opens the screen on the given streams; NULL (never exit()) when the terminal type is unknown. */
static inline SCREEN *rw_newterm_std(const char *type) { return newterm(type, stdout, stdin); }
/* Flushes what ncurses buffered for the terminal (after endwin, before writing anything else). */
static inline void rw_flush_stdout(void) { fflush(stdout); }

/* Colours: -1 is the terminal's own default (use_default_colors). */
static inline int rw_init_pair(int pair, int fg, int bg) { return init_pair((short)pair, (short)fg, (short)bg); }

/* Reads one key or character. Returns ERR, OK (ch is a character) or KEY_CODE_YES (ch is a key). */
static inline int rw_get_wch(unsigned int *ch) {
    wint_t w = 0;
    int r = wget_wch(stdscr, &w);
    *ch = (unsigned int)w;
    return r;
}

/* Mouse: left button press/click only; returns 1 and the cell when the event was a left click. */
static inline int rw_mouse_enable(void) {
    mmask_t old = 0;
    return mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED, &old) != 0;
}
static inline int rw_mouse_click(int *y, int *x) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
        *y = ev.y; *x = ev.x;
        return 1;
    }
    return 0;
}

/* Draws a run of wide characters at (y, x) with attributes and a colour pair. */
static inline int rw_put_run(int y, int x, const wchar_t *text, int n, unsigned int attrs, int pair) {
    wattr_set(stdscr, (attr_t)attrs, (short)pair, NULL);
    return mvwaddnwstr(stdscr, y, x, text, n);
}
static inline int rw_move(int y, int x) { return wmove(stdscr, y, x); }
static inline int rw_noutrefresh(void) { return wnoutrefresh(stdscr); }
static inline int rw_timeout(int ms) { wtimeout(stdscr, ms); return OK; }
static inline int rw_keypad(int on) { return keypad(stdscr, on ? TRUE : FALSE); }
static inline int rw_clearok(int on) { return clearok(curscr, on ? TRUE : FALSE); }
static inline int rw_leaveok(int on) { return leaveok(stdscr, on ? TRUE : FALSE); }
static inline int rw_scrollok(int on) { return scrollok(stdscr, on ? TRUE : FALSE); }
static inline int rw_erase(void) { return werase(stdscr); }

/* Only the character type comes from the environment (LANG, LC_ALL, LC_CTYPE): it is all that
 * ncursesw and the UTF-8 check need, and loading every other category costs start-up time. */
static inline int rw_setlocale_ctype(void) { return setlocale(LC_CTYPE, "") != NULL; }
#endif
