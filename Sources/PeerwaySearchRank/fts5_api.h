/*
 * The part of SQLite's FTS5 extension interface that peerway_rank uses, declared as in SQLite's own
 * header (public domain). SQLiteNIO builds SQLite with every public symbol prefixed `sqlite_nio_` and
 * does not export its header, so the few functions called are declared here with that prefix; the
 * structures are laid out member for member as SQLite's, and members are only ever added at their end.
 */
#ifndef PEERWAY_FTS5_API_H
#define PEERWAY_FTS5_API_H

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef long long int sqlite3_int64;

#define SQLITE_OK 0
#define SQLITE_ERROR 1
#define SQLITE_NOMEM 7

int sqlite_nio_sqlite3_auto_extension(void (*entry)(void));
int sqlite_nio_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **stmt, const char **tail);
int sqlite_nio_sqlite3_bind_pointer(sqlite3_stmt *stmt, int index, void *pointer, const char *type, void (*destroy)(void *));
int sqlite_nio_sqlite3_step(sqlite3_stmt *stmt);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *stmt);
void *sqlite_nio_sqlite3_malloc(int bytes);
void sqlite_nio_sqlite3_free(void *pointer);
int sqlite_nio_sqlite3_value_int(sqlite3_value *value);
double sqlite_nio_sqlite3_value_double(sqlite3_value *value);
void sqlite_nio_sqlite3_result_double(sqlite3_context *context, double value);
void sqlite_nio_sqlite3_result_error_code(sqlite3_context *context, int code);
void sqlite_nio_sqlite3_result_error(sqlite3_context *context, const char *message, int bytes);

typedef struct Fts5ExtensionApi Fts5ExtensionApi;
typedef struct Fts5Context Fts5Context;
typedef struct Fts5PhraseIter Fts5PhraseIter;
typedef struct fts5_api fts5_api;

struct Fts5PhraseIter {
    const unsigned char *a;
    const unsigned char *b;
};

typedef void (*fts5_extension_function)(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                                        int argumentCount, sqlite3_value **arguments);

struct Fts5ExtensionApi {
    int iVersion;
    void *(*xUserData)(Fts5Context *);
    int (*xColumnCount)(Fts5Context *);
    int (*xRowCount)(Fts5Context *, sqlite3_int64 *rows);
    int (*xColumnTotalSize)(Fts5Context *, int column, sqlite3_int64 *tokens);
    int (*xTokenize)(Fts5Context *, const char *text, int bytes, void *context, int (*token)(void *, int, const char *, int, int, int));
    int (*xPhraseCount)(Fts5Context *);
    int (*xPhraseSize)(Fts5Context *, int phrase);
    int (*xInstCount)(Fts5Context *, int *instances);
    int (*xInst)(Fts5Context *, int index, int *phrase, int *column, int *offset);
    sqlite3_int64 (*xRowid)(Fts5Context *);
    int (*xColumnText)(Fts5Context *, int column, const char **text, int *bytes);
    int (*xColumnSize)(Fts5Context *, int column, int *tokens);
    int (*xQueryPhrase)(Fts5Context *, int phrase, void *user, int (*)(const Fts5ExtensionApi *, Fts5Context *, void *));
    int (*xSetAuxdata)(Fts5Context *, void *aux, void (*destroy)(void *));
    void *(*xGetAuxdata)(Fts5Context *, int clear);
    int (*xPhraseFirst)(Fts5Context *, int phrase, Fts5PhraseIter *, int *column, int *offset);
    void (*xPhraseNext)(Fts5Context *, Fts5PhraseIter *, int *column, int *offset);
    /* Later members are not used. */
};

struct fts5_api {
    int iVersion;
    int (*xCreateTokenizer)(fts5_api *, const char *name, void *user, void *tokenizer, void (*destroy)(void *));
    int (*xFindTokenizer)(fts5_api *, const char *name, void **user, void *tokenizer);
    int (*xCreateFunction)(fts5_api *, const char *name, void *user, fts5_extension_function function, void (*destroy)(void *));
    /* Later members are not used. */
};

#endif
