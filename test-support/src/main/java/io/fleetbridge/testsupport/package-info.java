/** placeholder */ package io.fleetbridge.testsupport;
