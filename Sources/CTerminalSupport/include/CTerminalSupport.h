#ifndef ROUTEWIJZER_CTERMINALSUPPORT_H
#define ROUTEWIJZER_CTERMINALSUPPORT_H
int rw_terminal_support_version(void);
#endif
