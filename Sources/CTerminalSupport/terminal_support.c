#include "CTerminalSupport.h"
int rw_terminal_support_version(void) { return 1; }
