# SPDX-License-Identifier: BSD-2-Clause
#
# mbedTLS 3.6 (pinned source, MBEDTLS_SRC) with our own config, built twice:
# for the monitor (freestanding RISC-V, our minimal libc, no glibc headers)
# and for the host (host tools and unit tests).  Defines:
#   CRYPTO_TARGET_OBJS  objects linked into libsm.a
#   CRYPTO_HOST_LIB     static library for host programs
#   CRYPTO_INCLUDES     include path for users of crypto.h

CRYPTO_DIR := $(ROOT)/crypto
CRYPTO_INCLUDES := -I$(CRYPTO_DIR)/include
CRYPTO_MBEDTLS_FILES := sha256 hkdf hmac_drbg md ecp ecp_curves ecdsa bignum \
	bignum_core constant_time platform platform_util memory_buffer_alloc \
	asn1parse asn1write \
	oid pk pk_wrap pk_ecc pkparse pkwrite x509_create x509write x509write_crt
# Host tools also parse and verify certificates (sm-verify --chain).
CRYPTO_HOST_ONLY_FILES := x509 x509_crt pem base64
CRYPTO_OWN_FILES := crypto selftest x509 sha256_zknh
CRYPTO_MBEDTLS_FLAGS := -DMBEDTLS_CONFIG_FILE='"$(CRYPTO_DIR)/mbedtls_config.h"' \
	-I$(MBEDTLS_SRC)/include -I$(MBEDTLS_SRC)/library $(CRYPTO_INCLUDES)

# Target: -nostdinc so no glibc header can sneak in; gcc's own freestanding
# headers (stddef.h, stdint.h, limits.h, ...) plus crypto/libc/include.
CRYPTO_TARGET_CFLAGS = $(SM_TARGET_BASE_CFLAGS) -nostdinc \
	-isystem $(CRYPTO_DIR)/libc/include \
	-isystem $(shell $(SM_CC) -print-file-name=include) $(CRYPTO_MBEDTLS_FLAGS)
# Size: the firmware's text may grow by at most 80,000 bytes over stock
# OpenSBI 1.6 (docs/performance.md).  What only signs, derives keys or
# writes certificates (once per boot, attestation, certificate) is built
# for size, frame pointers and no-tail-call included (-O2's OpenSBI-like
# flags cost 2.4 KB more there); +16% instructions per signature.  So
# are mbedTLS's sha256, md and hmac_drbg: the rounds are sha256_zknh.c's
# and RANDOM's DRBG runs them once per 4 KiB request (-0.65 KB, no
# change measured).  Kept at -O2: what CREATE's measurement and RANDOM
# run per byte or per call (sha256_zknh, crypto.c, platform_util,
# constant_time, libc), and ecp_curves (P-256's reduction: smaller at -O2
# than at -Os).  The last -O wins.
CRYPTO_COLD_FILES := ecp ecdsa bignum bignum_core hkdf sha256 md hmac_drbg \
	memory_buffer_alloc asn1parse asn1write oid pk pk_wrap pk_ecc pkparse \
	pkwrite x509_create x509write x509write_crt
CRYPTO_COLD_OWN_FILES := selftest x509
CRYPTO_COLD_CFLAGS := -Os -fomit-frame-pointer -foptimize-sibling-calls
$(patsubst %,$(BUILD)/obj/mbedtls/%.o,$(CRYPTO_COLD_FILES)) \
$(patsubst %,$(BUILD)/obj/crypto/%.o,$(CRYPTO_COLD_OWN_FILES)): \
	CRYPTO_TARGET_CFLAGS += $(CRYPTO_COLD_CFLAGS)
CRYPTO_TARGET_OBJS := \
	$(patsubst %,$(BUILD)/obj/mbedtls/%.o,$(CRYPTO_MBEDTLS_FILES)) \
	$(patsubst %,$(BUILD)/obj/crypto/%.o,$(CRYPTO_OWN_FILES)) \
	$(BUILD)/obj/crypto/libc.o

$(BUILD)/obj/mbedtls/%.o: $(MBEDTLS_SRC)/library/%.c $(CRYPTO_DIR)/mbedtls_config.h $(CRYPTO_DIR)/crypto.mk $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo " CC      mbedtls/$*.c"
	@$(SM_CC) $(CRYPTO_TARGET_CFLAGS) -c $< -o $@
$(BUILD)/obj/crypto/%.o: $(CRYPTO_DIR)/%.c $(CRYPTO_DIR)/mbedtls_config.h $(CRYPTO_DIR)/crypto.mk $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo " CC      crypto/$*.c"
	@$(SM_CC) $(CRYPTO_TARGET_CFLAGS) $(SM_WARN_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/obj/crypto/libc.o: $(CRYPTO_DIR)/libc/libc.c
	@mkdir -p $(dir $@)
	@$(SM_CC) $(CRYPTO_TARGET_CFLAGS) $(SM_WARN_CFLAGS) -c $< -o $@

# Host
CRYPTO_HOST_LIB := $(HOST_BUILD)/libsmcrypto.a
CRYPTO_HOST_OBJS := \
	$(patsubst %,$(HOST_BUILD)/obj/mbedtls/%.o,$(CRYPTO_MBEDTLS_FILES) $(CRYPTO_HOST_ONLY_FILES)) \
	$(patsubst %,$(HOST_BUILD)/obj/crypto/%.o,$(CRYPTO_OWN_FILES) host_panic x509_parse)
$(HOST_BUILD)/obj/mbedtls/%.o: $(MBEDTLS_SRC)/library/%.c $(CRYPTO_DIR)/mbedtls_config.h $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(HOSTCC) -O2 -g $(CRYPTO_MBEDTLS_FLAGS) -DCRYPTO_HOST_X509_PARSE -c $< -o $@
$(HOST_BUILD)/obj/crypto/%.o: $(CRYPTO_DIR)/%.c $(CRYPTO_DIR)/mbedtls_config.h $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(HOSTCC) $(HOST_CFLAGS) $(CRYPTO_MBEDTLS_FLAGS) -DCRYPTO_HOST_X509_PARSE -MMD -MP -c $< -o $@
$(CRYPTO_HOST_LIB): $(CRYPTO_HOST_OBJS)
	@rm -f $@
	@$(AR) rcs $@ $^

-include $(wildcard $(BUILD)/obj/crypto/*.d $(HOST_BUILD)/obj/crypto/*.d)
