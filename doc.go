// Package huoshui holds the domain of the platform: the organisation tree,
// members, accounts and roles, and the audit trail. The root package is the
// glossary: every other package speaks in these types. It imports only the
// standard library. The words and the party's rules behind them are
// written out in docs/domain.md.
package huoshui
