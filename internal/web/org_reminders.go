package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/notify"
)

// An org's reminder settings: the address of the group robot (WeCom or
// DingTalk) its reminders and meeting notices go to. The address carries
// the robot's key, so the page shows only its host once saved.

type orgRemindersPage struct {
	Page
	Org  *huoshui.Org
	Host string // the robot's host, "" when none is set
	Form form
}

// reminderOrg is the org of a reminder-settings request, when the user may
// change its records.
func (s *Server) reminderOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if o.ArchivedAt != nil || !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return nil, huoshui.ErrForbidden
	}
	return o, nil
}

func (s *Server) orgReminders(w http.ResponseWriter, r *http.Request) error {
	o, err := s.reminderOrg(r)
	if err != nil {
		return err
	}
	return s.renderOrgReminders(w, r, http.StatusOK, o, newForm(url.Values{}))
}

func (s *Server) renderOrgReminders(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	addr, err := s.store.OrgWebhook(r.Context(), o.ID)
	if err != nil {
		return err
	}
	p := &orgRemindersPage{Org: o, Host: hostOf(addr), Form: f}
	p.Crumbs = s.orgCrumbs(r, o, "reminders.title")
	return s.render(w, r, code, "org_reminders", p)
}

// orgRemindersSave sets the robot's address, or clears it.
func (s *Server) orgRemindersSave(w http.ResponseWriter, r *http.Request) error {
	o, err := s.reminderOrg(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[string]{
		Hide: []string{"webhook_url"},
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) {
			addr := strings.TrimSpace(v.Get("webhook_url"))
			if v.Get("clear") != "" {
				return "", nil
			}
			if code := notify.CheckURL(addr); code != "" {
				ve.Add("webhook_url", code)
			}
			return addr, nil
		},
		Save:  func(addr string) error { return s.store.SetOrgWebhook(r.Context(), s.actor(r), o.ID, addr) },
		Page:  func(code int, f form) error { return s.renderOrgReminders(w, r, code, o, f) },
		Flash: "reminders.saved",
		Next:  func(string) string { return fmt.Sprintf("/orgs/%d/reminders", o.ID) },
	})
}

// orgRemindersTest posts a test message to the robot, so that an officer
// sees at once whether the address works.
func (s *Server) orgRemindersTest(w http.ResponseWriter, r *http.Request) error {
	o, err := s.reminderOrg(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			addr, err := s.store.OrgWebhook(r.Context(), o.ID)
			if err != nil {
				return err
			}
			ve := &huoshui.ValidationError{}
			if addr == "" {
				ve.Add("webhook_url", "reminders.none_set")
				return ve
			}
			if err := notify.Send(r.Context(), nil, addr, s.msgs.T("zh", "reminders.test_text", "Org", o.Name)); err != nil {
				s.log.Warn("test message not delivered", "org", o.ID, "err", err)
				ve.Add("webhook_url", "reminders.test_failed", "Reason", s.webhookReason(langFrom(r), err))
				return ve
			}
			return nil
		},
		Page:  func(code int, f form) error { return s.renderOrgReminders(w, r, code, o, f) },
		Flash: "reminders.test_sent",
		Next:  func(struct{}) string { return fmt.Sprintf("/orgs/%d/reminders", o.ID) },
	})
}

// webhookReason says in lang why a robot did not take a message.
func (s *Server) webhookReason(lang string, err error) string {
	var ne *notify.Error
	switch {
	case errors.As(err, &ne) && ne.Code != 0:
		return s.msgs.T(lang, "reminders.reason_code", "Code", ne.Code, "Msg", ne.Msg)
	case errors.As(err, &ne):
		return s.msgs.T(lang, "reminders.reason_status", "Status", ne.Status)
	case errors.Is(err, notify.ErrURL):
		return s.msgs.T(lang, "error.webhook.url_invalid")
	}
	return s.msgs.T(lang, "reminders.reason_network")
}
