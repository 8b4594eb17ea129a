#include "deadlined/daemon/free_memory.hpp"

#include <malloc.h>

namespace deadlined::daemon {

void give_back_free_memory() {
  malloc_trim(0);
}

}  // namespace deadlined::daemon
