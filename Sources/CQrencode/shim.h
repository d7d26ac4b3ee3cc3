// libqrencode (Debian: libqrencode-dev), reached from Swift through this header.
#ifndef ROUTEWIJZER_CQRENCODE_SHIM_H
#define ROUTEWIJZER_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
