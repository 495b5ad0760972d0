package apiserver

import (
	"context"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Accounts are made only from the command line: no API route creates one.
const (
	bootstrapAccount = "default"
	bootstrapOwner   = "owner@example.com"
	ownerName        = "Owner"
	ownerKeyName     = "owner"
)

// CreateAccount makes an account, its owner member and an owner key. The
// key's secret is returned once, here, and stored only as a hash.
func CreateAccount(ctx context.Context, st *store.Store, name, ownerEmail string) (api.Account, string, error) {
	var (
		account api.Account
		secret  string
	)
	err := st.Update(ctx, func(tx *store.Tx) error {
		var err error
		account, secret, err = createAccount(tx, name, ownerEmail)
		return err
	})
	if err != nil {
		return api.Account{}, "", err
	}
	return account, secret, nil
}

// Bootstrap gives an empty store its first account, "default", with owner
// owner@example.com, and returns the owner key's secret. On a store that has
// an account already it does nothing and returns created false.
func Bootstrap(ctx context.Context, st *store.Store) (secret string, created bool, err error) {
	err = st.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.CountAccounts()
		if err != nil || n > 0 {
			return err
		}
		_, secret, err = createAccount(tx, bootstrapAccount, bootstrapOwner)
		return err
	})
	if err != nil {
		return "", false, err
	}
	return secret, secret != "", nil
}

func createAccount(tx *store.Tx, name, ownerEmail string) (api.Account, string, error) {
	if err := check("name", name, rules.Name); err != nil {
		return api.Account{}, "", err
	}
	email, err := normalEmail("owner email", ownerEmail)
	if err != nil {
		return api.Account{}, "", err
	}
	secret, err := apikey.Generate()
	if err != nil {
		return api.Account{}, "", err
	}
	account, owner, err := tx.CreateAccount(name, email, ownerName)
	if err != nil {
		return api.Account{}, "", err
	}
	_, err = tx.CreateKey(account.ID, owner.ID, store.NewKey{
		Name:   ownerKeyName,
		Prefix: apikey.Prefix(secret),
		Hash:   apikey.Hash(secret),
	})
	return account, secret, err
}
