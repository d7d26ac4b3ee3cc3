#ifndef ROUTEWIJZER_CNCURSESW_SHIM_H
#define ROUTEWIJZER_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D flags: ask for the wide-character API ourselves. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncurses.h>
#endif
