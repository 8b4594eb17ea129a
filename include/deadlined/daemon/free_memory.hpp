#pragma once
// Giving freed memory back to the system after a large evaluation.

namespace deadlined::daemon {

/// Returns the free pages the allocator keeps to the system. An evaluation of everything
/// (at start, on each new day) frees its scratch tables among the obligations it keeps;
/// the allocator holds those pages — ~110 bytes per obligation on a city's year — until
/// told. Takes a few milliseconds.
void give_back_free_memory();

}  // namespace deadlined::daemon
