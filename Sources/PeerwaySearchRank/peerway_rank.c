/*
 * peerway_rank(index, words, weight...): the directory search's score of one match.
 *
 * FTS5's bm25 costs about a microsecond for every match of a search, because it reads each match's
 * length from the index's docsize table and the positions of every phrase, the never-ranked facets
 * included, and counts every facet's entries once per query. "housing" in Spanish at county scale has
 * 2,747 matches: the search's statement took 5.0 ms with bm25, 2.5 ms with this function.
 *
 * The score is bm25's without its length normalisation (b = 0): for each of the first `words` phrases
 * (the search's words; the facets follow them in the query), and each column it occurs in,
 *     idf(phrase) * weight(column) * tf * (k1 + 1) / (tf + k1),   k1 = 1.2,
 * where tf is the phrase's count in that column. A directory entry is a name and a paragraph, so its
 * length says little about relevance. With one word every match shares its idf, so it is not counted.
 */
#include <math.h>
#include <stddef.h>
#include "fts5_api.h"
#include "PeerwaySearchRank.h"

enum { maxColumns = 16 };
static const double k1 = 1.2;

typedef struct {
    int words;
    double idf[];
} Weights;

static int countMatch(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    (void)api;
    (void)fts;
    ++*(sqlite3_int64 *)user;
    return SQLITE_OK;
}

/* The words' idf, counted once per query and kept with the query. */
static int weights(const Fts5ExtensionApi *api, Fts5Context *fts, int words, Weights **out) {
    Weights *w = api->xGetAuxdata(fts, 0);
    if (w != NULL) { *out = w; return SQLITE_OK; }
    w = sqlite_nio_sqlite3_malloc((int)(sizeof(Weights) + sizeof(double) * (size_t)(words > 0 ? words : 1)));
    if (w == NULL) return SQLITE_NOMEM;
    w->words = words;
    sqlite3_int64 rows = 0;
    int rc = words > 1 ? api->xRowCount(fts, &rows) : SQLITE_OK;
    for (int i = 0; i < words && rc == SQLITE_OK; i++) {
        sqlite3_int64 hits = 0;
        w->idf[i] = 1.0;
        if (words == 1) continue;
        rc = api->xQueryPhrase(fts, i, &hits, countMatch);
        double idf = log(((double)(rows - hits) + 0.5) / ((double)hits + 0.5));
        /* As bm25: a word in more than half the entries still counts a little. */
        w->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, w, sqlite_nio_sqlite3_free);
    else sqlite_nio_sqlite3_free(w);
    if (rc == SQLITE_OK) *out = w;
    return rc;
}

static void peerway_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int count, sqlite3_value **arguments) {
    if (count < 1) {
        sqlite_nio_sqlite3_result_error(context, "peerway_rank: the number of words is missing", -1);
        return;
    }
    int words = sqlite_nio_sqlite3_value_int(arguments[0]);
    int phrases = api->xPhraseCount(fts);
    if (words < 0 || words > phrases) words = phrases;
    Weights *w = NULL;
    int rc = weights(api, fts, words, &w);
    if (rc != SQLITE_OK) { sqlite_nio_sqlite3_result_error_code(context, rc); return; }
    int columns = api->xColumnCount(fts);
    if (columns > maxColumns) columns = maxColumns;
    double score = 0.0;
    for (int i = 0; i < words; i++) {
        int tf[maxColumns] = {0};
        Fts5PhraseIter it;
        int column = -1, offset = -1;
        rc = api->xPhraseFirst(fts, i, &it, &column, &offset);
        if (rc != SQLITE_OK) { sqlite_nio_sqlite3_result_error_code(context, rc); return; }
        for (; column >= 0; api->xPhraseNext(fts, &it, &column, &offset)) {
            if (column < columns) tf[column]++;
        }
        for (int c = 0; c < columns; c++) {
            if (tf[c] == 0) continue;
            double weight = c + 1 < count ? sqlite_nio_sqlite3_value_double(arguments[c + 1]) : 1.0;
            score += w->idf[i] * weight * tf[c] * (k1 + 1.0) / (tf[c] + k1);
        }
    }
    sqlite_nio_sqlite3_result_double(context, score);
}

static int install(sqlite3 *db, const char **error, const void *routines) {
    (void)error;
    (void)routines;
    fts5_api *fts = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite_nio_sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite_nio_sqlite3_bind_pointer(stmt, 1, (void *)&fts, "fts5_api_ptr", NULL);
        sqlite_nio_sqlite3_step(stmt);
    }
    sqlite_nio_sqlite3_finalize(stmt);
    if (fts == NULL) return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    return fts->xCreateFunction(fts, "peerway_rank", NULL, peerway_rank, NULL);
}

int peerway_search_rank_install(void) {
    /* SQLite's interface takes every entry point as void (*)(void) and calls it with this signature. */
    return sqlite_nio_sqlite3_auto_extension((void (*)(void))install);
}
