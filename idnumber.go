package huoshui

import (
	"strings"
	"time"
)

// Problems an ID number can have; each is a message code (see FieldError).
const (
	IDNumberLength   = "id_number.length"
	IDNumberChars    = "id_number.chars"
	IDNumberRegion   = "id_number.region"
	IDNumberBirth    = "id_number.birth"
	IDNumberChecksum = "id_number.checksum"
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// validProvinces are the first two digits of a 居民身份证 number: the
// province-level divisions (GB/T 2260), plus 71, 81, 82 for Taiwan, Hong Kong
// and Macao residence permits.
var validProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// NormalizeIDNumber folds full-width digits, drops spaces and a leading
// apostrophe, and upper-cases a trailing x (see NormalizeDigits).
func NormalizeIDNumber(s string) string {
	return strings.ToUpper(NormalizeDigits(s))
}

// IDNumberCheckChar returns the check character (GB 11643, ISO 7064 MOD
// 11-2) for the first 17 digits of a 居民身份证 number.
func IDNumberCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// CheckIDNumber validates an 18-digit 居民身份证 number: its characters, its
// province code, the birth date inside it and its check character. It
// returns "" when the number is valid, or the message code of the first
// problem. The number must already be normalised.
func CheckIDNumber(id string) string {
	if len(id) != 18 {
		return IDNumberLength
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return IDNumberChars
		}
	}
	if c := id[17]; (c < '0' || c > '9') && c != 'X' {
		return IDNumberChars
	}
	if !validProvinces[id[:2]] {
		return IDNumberRegion
	}
	birth, err := time.Parse("20060102", id[6:14])
	if err != nil || birth.Year() < 1900 {
		return IDNumberBirth
	}
	if IDNumberCheckChar(id[:17]) != id[17] {
		return IDNumberChecksum
	}
	return ""
}

// IDNumberBirthDate returns the birth date inside a valid ID number.
func IDNumberBirthDate(id string) Date {
	if len(id) != 18 {
		return Date{}
	}
	t, err := time.Parse("20060102", id[6:14])
	if err != nil {
		return Date{}
	}
	return DateOf(t)
}

// IDNumberGender returns the gender inside a valid ID number: the 17th
// digit is odd for men and even for women (GB 11643). It answers "" for a
// number too short to tell.
func IDNumberGender(id string) Gender {
	if len(id) != 18 || id[16] < '0' || id[16] > '9' {
		return ""
	}
	if (id[16]-'0')%2 == 1 {
		return Male
	}
	return Female
}

// MaskIDNumber shows the first 6 and last 4 characters: 370102********123X.
func MaskIDNumber(id string) string {
	if len(id) < 10 {
		return strings.Repeat("*", len(id))
	}
	return id[:6] + strings.Repeat("*", len(id)-10) + id[len(id)-4:]
}

// MaskPhone shows the first 3 and last 4 digits: 138****5678.
func MaskPhone(p string) string {
	if len(p) < 7 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}
