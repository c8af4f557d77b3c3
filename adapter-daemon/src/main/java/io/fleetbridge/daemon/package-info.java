/** placeholder */ package io.fleetbridge.daemon;
