package store

import (
	"fmt"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// CreateAccount creates an account and its owner member.
func (tx *Tx) CreateAccount(name, ownerEmail, ownerName string) (api.Account, api.Member, error) {
	a := api.Account{ID: newID("acc"), Name: name}
	if _, err := tx.exec("INSERT INTO accounts (id, name) VALUES (?, ?)", a.ID, a.Name); err != nil {
		return api.Account{}, api.Member{}, fmt.Errorf("store: create account: %w", err)
	}
	owner, err := tx.insertMember(a.ID, strings.ToLower(ownerEmail), ownerName, true)
	if err != nil {
		return api.Account{}, api.Member{}, fmt.Errorf("store: create account: %w", err)
	}
	return a, owner, nil
}

// CountAccounts returns how many accounts the store holds.
func (tx *Tx) CountAccounts() (int, error) {
	var n int
	if err := tx.queryRow("SELECT COUNT(*) FROM accounts").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count accounts: %w", err)
	}
	return n, nil
}
