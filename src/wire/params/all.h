// Every typed HIP parameter, for code that handles many of them.
#pragma once

#include "wire/params/control.h"
#include "wire/params/esp.h"
#include "wire/params/handshake.h"
#include "wire/params/identity.h"
#include "wire/params/locator.h"
#include "wire/params/opaque.h"
#include "wire/params/registration.h"
#include "wire/params/relay.h"
