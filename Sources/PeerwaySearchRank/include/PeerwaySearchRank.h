#ifndef PEERWAY_SEARCH_RANK_H
#define PEERWAY_SEARCH_RANK_H

/// Makes the FTS5 function `peerway_rank` part of every SQLite connection opened after the call
/// (SQLite's automatic extensions). Calling it again changes nothing. Returns SQLite's result code.
int peerway_search_rank_install(void);

#endif
